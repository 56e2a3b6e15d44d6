package dev.sigil.cli.command;

import dev.sigil.cli.config.ConnectionSettings;
import dev.sigil.cli.config.SettingsResolver;
import dev.sigil.cli.http.SigilClient;
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
 * Base of every command that calls the API: checks the output format and the command's own arguments (usage errors,
 * exit 2, before any configuration is read), resolves the connection settings, opens a {@link SigilClient}, runs
 * {@link #execute} and turns any failure into a message and an exit code.
 */
public abstract class ApiCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Mixin(name = GlobalOptions.MIXIN_NAME)
    private GlobalOptions global;

    /** Streams, environment and clock of this run. */
    protected final CliContext ctx;

    protected ApiCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The output formats this command supports; the first default is always {@code table}. */
    protected Set<OutputFormat> formats() {
        return EnumSet.of(OutputFormat.TABLE, OutputFormat.JSON);
    }

    /** Checks the command's arguments beyond what picocli checks; throw {@link #usage} to reject them. */
    protected void validate() {
    }

    /** Does the work; returns the exit code. Exceptions are reported by the caller. */
    protected abstract int execute(SigilClient client, OutputFormat format) throws Exception;

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
        validate();
        Optional<String> tokenSource = Optional.empty();
        try {
            ConnectionSettings settings = new SettingsResolver(ctx.env()).resolve(opts.flags());
            tokenSource = Optional.of(settings.tokenSource());
            Optional<PrintStream> debug = opts.debug() ? Optional.of(ctx.err()) : Optional.empty();
            debug.ifPresent(d -> d.println("sigil: " + settings));
            try (SigilClient client = SigilClient.connect(settings, CliVersion.userAgent(), debug)) {
                return execute(client, format);
            }
        } catch (ParameterException e) {
            throw e;
        } catch (Exception e) {
            return new ErrorReporter(ctx.err(), opts.debug()).report(e, tokenSource);
        }
    }
}
