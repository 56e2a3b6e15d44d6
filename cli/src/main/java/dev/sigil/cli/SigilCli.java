package dev.sigil.cli;

import dev.sigil.cli.acme.AcmeAccountsCommand;
import dev.sigil.cli.acme.AcmeCommand;
import dev.sigil.cli.acme.AcmeDirectoriesCommand;
import dev.sigil.cli.acme.AcmeEabCommand;
import dev.sigil.cli.acme.AcmeEabCreateCommand;
import dev.sigil.cli.acme.AcmeEabListCommand;
import dev.sigil.cli.acme.AcmeRenewEarlyCommand;
import dev.sigil.cli.audit.AuditCommand;
import dev.sigil.cli.audit.AuditListCommand;
import dev.sigil.cli.audit.AuditVerifyCommand;
import dev.sigil.cli.ca.CaCommand;
import dev.sigil.cli.ca.CaListCommand;
import dev.sigil.cli.ca.CaShowCommand;
import dev.sigil.cli.cert.CertCommand;
import dev.sigil.cli.cert.CertDownloadCommand;
import dev.sigil.cli.cert.CertIssueCommand;
import dev.sigil.cli.cert.CertListCommand;
import dev.sigil.cli.cert.CertRenewCommand;
import dev.sigil.cli.cert.CertRevokeCommand;
import dev.sigil.cli.cert.CertShowCommand;
import dev.sigil.cli.cert.CertStatus;
import dev.sigil.cli.cert.RevocationReason;
import dev.sigil.cli.cert.Serial;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.SecretPrompt;
import dev.sigil.cli.completion.CompletionCommand;
import dev.sigil.cli.config.ConfigCommand;
import dev.sigil.cli.config.ConfigSetCommand;
import dev.sigil.cli.config.ConfigShowCommand;
import dev.sigil.cli.config.ConfigUnsetCommand;
import dev.sigil.cli.doctor.DoctorCommand;
import dev.sigil.cli.login.LoginCommand;
import dev.sigil.cli.login.LogoutCommand;
import dev.sigil.cli.command.CliVersion;
import dev.sigil.cli.command.CommandTree;
import dev.sigil.cli.command.ErrorReporter;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.command.GroupCommand;
import dev.sigil.cli.command.StdinTerminal;
import dev.sigil.cli.command.UsageErrorHandler;
import dev.sigil.cli.crl.CrlCommand;
import dev.sigil.cli.managed.ManagedCommand;
import dev.sigil.cli.managed.ManagedCreateCommand;
import dev.sigil.cli.managed.ManagedDeleteCommand;
import dev.sigil.cli.managed.ManagedFetchCommand;
import dev.sigil.cli.managed.ManagedListCommand;
import dev.sigil.cli.managed.ManagedRotateCommand;
import dev.sigil.cli.managed.ManagedShowCommand;
import dev.sigil.cli.managed.ManagedTokenCommand;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.profile.ProfileCommand;
import dev.sigil.cli.profile.ProfileListCommand;
import dev.sigil.cli.ssh.SshCommand;
import dev.sigil.cli.webhook.WebhookCommand;
import dev.sigil.cli.webhook.WebhookListCommand;
import dev.sigil.cli.webhook.WebhookRetryCommand;
import dev.sigil.cli.webhook.WebhookShowCommand;
import dev.sigil.cli.webhook.WebhookTestCommand;
import dev.sigil.cli.time.Durations;
import dev.sigil.cli.time.Timestamps;
import dev.sigil.cli.token.Role;
import dev.sigil.cli.token.TokenCommand;
import dev.sigil.cli.token.TokenCreateCommand;
import dev.sigil.cli.token.TokenListCommand;
import dev.sigil.cli.token.TokenRevokeCommand;
import dev.sigil.cli.token.WhoamiCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code sigil}, the operator CLI of Sigil: the composition root that wires the command tree, and the entry points.
 * {@link #run} is side-effect free apart from the given streams and the files the user names, so end-to-end tests can
 * call it in-process.
 */
@Command(name = "sigil", mixinStandardHelpOptions = true, versionProvider = CliVersion.class,
        description = {"Operator CLI of Sigil, a private certificate authority.",
            "It talks to the admin API of sigil-server over HTTPS."},
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit codes:%n",
        footerHeading = "%nConnection settings (flags, then environment, then config file, then local defaults):%n",
        footer = {
            "  server    --server URL       SIGIL_SERVER       server=URL       https://localhost:8443",
            "  token     --token-file FILE  SIGIL_TOKEN        token-file=FILE  ./data/admin-token",
            "                               SIGIL_TOKEN_FILE",
            "  root CA   --ca-cert FILE     SIGIL_CA_CERT      ca-cert=FILE     ./data/ca/root.pem",
            "  Config file: $SIGIL_CONFIG, else ~/.config/sigil/config.properties (Java properties).",
            "  Relative paths in it are relative to the file; ./data/ is relative to the working directory.",
            "  The token is never accepted as a flag (it would land in shell history).",
            "  Without any CA setting the JDK's public CAs are trusted.",
            "  'sigil login' stores all three in ~/.config/sigil/; 'sigil config show' shows what is in effect.",
            "",
            "Examples:",
            "  sigil login --server https://ca.example.internal:8443 --ca-fingerprint SHA256:3F:9A:...:7B",
            "  sigil doctor",
            "  sigil whoami",
            "  sigil cert issue --csr www.csr --out www.pem --chain-out chain.pem",
            "  sigil cert list --expiring-within 30d",
            "  sigil --server https://ca.example.internal:8443 --ca-cert root.pem \\",
            "      cert revoke 5f0c2d --reason superseded"})
public final class SigilCli extends GroupCommand {

    /** Width of the help text. */
    static final int HELP_WIDTH = 100;

    /** Runs the CLI and exits the JVM with its exit code. */
    public static void main(String[] args) {
        CliContext ctx = new CliContext(System.out, System.err, System.getenv(), Clock.systemUTC(), System.in,
                StdinTerminal.isTerminal(), SecretPrompt.console());
        System.exit(run(args, ctx, Help.Ansi.AUTO));
    }

    /**
     * Runs {@code sigil} with the given arguments in-process. Nothing is read from or written to the process
     * (no {@code System.getenv}, {@code System.out}, {@code System.exit}); files are touched only where the
     * arguments or the configuration name them.
     *
     * @param args command-line arguments, without the program name, e.g. {@code {"cert", "list"}}
     * @param out  standard output: results (tables, JSON, PEM, new token secrets)
     * @param err  standard error: messages, warnings, {@code error: ...} lines
     * @param env  the environment: {@code SIGIL_SERVER}, {@code SIGIL_TOKEN}, {@code SIGIL_TOKEN_FILE},
     *             {@code SIGIL_CA_CERT}, {@code SIGIL_CONFIG}, {@code HOME}, {@code XDG_CONFIG_HOME}, {@code PWD}
     * @return the exit code (see {@link ExitCodes})
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, out, err, env, Clock.systemUTC(), Help.Ansi.OFF);
    }

    /** As {@link #run(String[], PrintStream, PrintStream, Map)}, with a clock (tests) and a colour choice. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, Clock clock,
                   Help.Ansi ansi) {
        return run(args, new CliContext(out, err, env, clock), ansi);
    }

    /** As {@link #run(String[], PrintStream, PrintStream, Map)}, with everything of the outside world given. */
    public static int run(String[] args, CliContext ctx, Help.Ansi ansi) {
        PrintStream out = ctx.out();
        PrintStream err = ctx.err();
        String[] arguments = args == null ? new String[0] : args;
        CommandLine cmd = commandLine(ctx, CommandTree.select(arguments));
        cmd.setColorScheme(Help.defaultColorScheme(ansi));
        PrintWriter outWriter = new PrintWriter(out, true, out.charset());
        PrintWriter errWriter = new PrintWriter(err, true, err.charset());
        cmd.setOut(outWriter);
        cmd.setErr(errWriter);
        try {
            return cmd.execute(arguments);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** The whole command tree, wired with explicit constructors. */
    static CommandLine commandLine(CliContext ctx) {
        return commandLine(ctx, CommandTree.Selection.ALL);
    }

    /** The command tree with only the top-level commands a run needs (see {@link CommandTree}). */
    static CommandLine commandLine(CliContext ctx, CommandTree.Selection selection) {
        CommandTree root = new CommandTree(new SigilCli(), selection);
        root.addSubcommand(group(new CertCommand(),
                new CertIssueCommand(ctx), new CertListCommand(ctx), new CertShowCommand(ctx),
                new CertRevokeCommand(ctx), new CertRenewCommand(ctx), new CertDownloadCommand(ctx)));
        root.addSubcommand(group(new CaCommand(), new CaListCommand(ctx), new CaShowCommand(ctx)));
        root.addSubcommand(group(new CrlCommand(), CrlCommand.subcommands(ctx)));
        root.addSubcommand(group(new ProfileCommand(), new ProfileListCommand(ctx)));
        root.addSubcommand(group(new TokenCommand(),
                new TokenCreateCommand(ctx), new TokenListCommand(ctx), new TokenRevokeCommand(ctx)));
        root.addSubcommand(group(new AuditCommand(), new AuditListCommand(ctx), new AuditVerifyCommand(ctx)));
        root.addSubcommand(group(new ManagedCommand(), new ManagedCreateCommand(ctx), new ManagedListCommand(ctx),
                new ManagedShowCommand(ctx), new ManagedRotateCommand(ctx), new ManagedDeleteCommand(ctx),
                new ManagedTokenCommand(ctx), new ManagedFetchCommand(ctx)));
        root.addSubcommand(group(new AcmeCommand(), new AcmeDirectoriesCommand(ctx),
                group(new AcmeEabCommand(), new AcmeEabCreateCommand(ctx), new AcmeEabListCommand(ctx)),
                group(new AcmeAccountsCommand(), AcmeAccountsCommand.subcommands(ctx)),
                new AcmeRenewEarlyCommand(ctx)));
        root.addSubcommand(group(new SshCommand(), SshCommand.subcommands(ctx)));
        root.addSubcommand(group(new WebhookCommand(), new WebhookListCommand(ctx), new WebhookShowCommand(ctx),
                new WebhookRetryCommand(ctx), new WebhookTestCommand(ctx)));
        root.addSubcommand(new WhoamiCommand(ctx));
        root.addSubcommand(new LoginCommand(ctx));
        root.addSubcommand(new LogoutCommand(ctx));
        root.addSubcommand(group(new ConfigCommand(), new ConfigShowCommand(ctx), new ConfigSetCommand(ctx),
                new ConfigUnsetCommand(ctx)));
        root.addSubcommand(new DoctorCommand(ctx));
        root.addSubcommand(new CompletionCommand(ctx));
        root.addSubcommand(new CommandLine.HelpCommand());

        CommandLine cl = root.build();
        // ACME account ids are random base64url and may begin with '-' ("-Gtq4Jr..."): under 'acme accounts' a word
        // that looks like an option but is none is the ID, not an unknown option.
        Optional.ofNullable(cl.getSubcommands().get("acme")).map(a -> a.getSubcommands().get("accounts"))
                .ifPresent(accounts -> accounts.setUnmatchedOptionsArePositionalParams(true));
        Timestamps timestamps = new Timestamps(ctx.clock());
        // Registered after the tree is built: registerConverter applies to the subcommands present.
        cl.registerConverter(Duration.class, converter(Durations::parse));
        cl.registerConverter(Instant.class, converter(timestamps::parse));
        cl.registerConverter(Serial.class, converter(Serial::parse));
        cl.registerConverter(RevocationReason.class, converter(RevocationReason::parse));
        cl.registerConverter(CertStatus.class, converter(CertStatus::parse));
        cl.registerConverter(Role.class, converter(Role::parse));
        cl.registerConverter(OutputFormat.class, converter(OutputFormat::parse));

        cl.getCommandSpec().usageMessage().exitCodeList(ExitCodes.HELP_LIST);
        cl.setUsageHelpWidth(HELP_WIDTH);
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        cl.setExecutionExceptionHandler((e, c, parsed) -> new ErrorReporter(ctx.err(),
                Arrays.asList(parsed.originalArgs().toArray(new String[0])).contains("--debug"))
                .report(e, Optional.empty()));
        return cl;
    }

    /** A group and its subcommands, built only if a run needs it. */
    private static CommandTree.Group group(GroupCommand group, Object... subcommands) {
        return new CommandTree.Group(group, subcommands);
    }

    private static <T> ITypeConverter<T> converter(Function<String, T> parse) {
        return text -> {
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        };
    }
}
