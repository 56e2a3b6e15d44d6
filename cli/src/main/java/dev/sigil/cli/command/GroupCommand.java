package dev.sigil.cli.command;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * Base of the commands that only group others ({@code sigil cert}, {@code sigil token}...): they carry the global
 * options so those may be given at this level, and running one without a subcommand is a usage error.
 */
public abstract class GroupCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Mixin(name = GlobalOptions.MIXIN_NAME)
    private GlobalOptions global;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
