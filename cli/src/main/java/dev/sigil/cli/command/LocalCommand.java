package dev.sigil.cli.command;

import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Base of the commands that manage the CLI's own set-up rather than call one API route with the configured
 * connection ({@code login}, {@code config}, {@code doctor}, {@code completion}): they see the global options
 * themselves and decide what to connect to, if anything. Failures become a message and an exit code, as in
 * {@link ApiCommand}.
 */
public abstract class LocalCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Mixin(name = GlobalOptions.MIXIN_NAME)
    private GlobalOptions global;

    /** Streams, environment, terminal and clock of this run. */
    protected final CliContext ctx;

    protected LocalCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The output formats this command supports. */
    protected Set<OutputFormat> formats() {
        return EnumSet.of(OutputFormat.TABLE, OutputFormat.JSON);
    }

    /** Does the work; returns the exit code. Exceptions are reported by the caller. */
    protected abstract int execute(GlobalOptions.Merged options, OutputFormat format) throws Exception;

    /** A usage error (exit 2) for this command. */
    protected final ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    protected final PrintStream out() {
        return ctx.out();
    }

    protected final PrintStream err() {
        return ctx.err();
    }

    @Override
    public final Integer call() {
        GlobalOptions.Merged opts = GlobalOptions.merged(spec);
        OutputFormat format = opts.output().orElse(OutputFormat.TABLE);
        if (!formats().contains(format)) {
            throw usage("--output " + format.label() + " is not supported by '" + spec.qualifiedName() + "' (use "
                    + formats().stream().map(OutputFormat::label).collect(Collectors.joining(" or ")) + ")");
        }
        try {
            return execute(opts, format);
        } catch (ParameterException e) {
            throw e;
        } catch (Exception e) {
            return new ErrorReporter(ctx.err(), opts.debug()).report(e, Optional.empty());
        }
    }
}
