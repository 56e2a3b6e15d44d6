package dev.sigil.cli.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.CliVersion;
import dev.sigil.cli.command.ErrorReporter;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.command.GlobalOptions;
import dev.sigil.cli.config.ConfigException;
import dev.sigil.cli.config.ConnectionSettings;
import dev.sigil.cli.config.SettingsResolver;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code sigil ssh krl --out FILE}: downloads the KRL from the public HTTP listener and replaces FILE atomically.
 * Not an {@code ApiCommand}: with {@code --krl-url} it needs no token, so an sshd host can run it from cron with
 * nothing secret on it. Without {@code --krl-url} it asks the admin API for the server's public URL (the base of the
 * issuers' CRL URLs), which does need a token.
 */
@Command(name = "krl", mixinStandardHelpOptions = true,
        description = {"Download the SSH KRL (key revocation list) and write it atomically to the file sshd's"
            + " RevokedKeys names. sshd re-reads that file on every login, so a refresh takes effect at once.",
            "With --krl-url no token is needed. Without it the admin API is asked for the server's public URL."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil ssh krl --out /etc/ssh/revoked_keys.krl \\",
            "      --krl-url http://ca.internal:8080/ssh/revoked_keys.krl    # e.g. from cron every 5 minutes",
            "  sigil ssh krl --out /etc/ssh/revoked_keys.krl    # public URL asked from the admin API",
            "  ssh-keygen -Q -l -f /etc/ssh/revoked_keys.krl    # what it revokes",
            "",
            "sshd_config: RevokedKeys /etc/ssh/revoked_keys.krl"})
public final class SshKrlCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin(name = GlobalOptions.MIXIN_NAME)
    GlobalOptions global;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the KRL.")
    String outFile;

    @Option(names = "--krl-url", paramLabel = "URL",
            description = "The KRL's URL, e.g. http://ca.internal:8080" + KrlDownload.PATH + " (needs no token).")
    String krlUrl;

    private final CliContext ctx;

    /** @param ctx streams, environment and clock of this run */
    public SshKrlCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        GlobalOptions.Merged opts = GlobalOptions.merged(spec);
        OutputFormat format = opts.output().orElse(OutputFormat.TABLE);
        if (format == OutputFormat.PEM) {
            throw new ParameterException(spec.commandLine(), "--output pem is not supported by '"
                    + spec.qualifiedName() + "' (use table or json)");
        }
        Path target = ctx.resolve(outFile);
        if (!SshFiles.writable(target)) {
            throw new ParameterException(spec.commandLine(), "--out " + target
                    + ": cannot write there (missing directory or no permission)");
        }
        Optional<URI> explicit;
        try {
            explicit = Optional.ofNullable(krlUrl).map(KrlDownload::parseUrl);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Optional<PrintStream> debug = opts.debug() ? Optional.of(ctx.err()) : Optional.empty();
        Optional<String> tokenSource = Optional.empty();
        try {
            URI url;
            if (explicit.isPresent()) {
                url = explicit.get();
            } else {
                ConnectionSettings settings = settings(opts);
                tokenSource = Optional.of(settings.tokenSource());
                url = fromServer(settings, debug);
            }
            KrlDownload.Krl krl = KrlDownload.fetch(url, CliVersion.userAgent(), debug);
            try {
                SshFiles.write(target, krl.bytes());
            } catch (IOException e) {
                throw new CliException("writing " + target + " failed: " + e.getMessage(), ExitCodes.FAILURE, e);
            }
            if (format == OutputFormat.JSON) {
                ctx.out().println(ApiJson.pretty(ApiJson.object().put("url", url.toString())
                        .put("file", target.toString()).put("bytes", krl.bytes().length)
                        .put("krlVersion", Long.toUnsignedString(krl.version()))
                        .put("generatedAt", krl.generated().toString())));
            } else {
                ctx.out().println("wrote KRL version " + Long.toUnsignedString(krl.version()) + " (generated "
                        + krl.generated() + ", " + krl.bytes().length + " bytes) to " + target);
            }
            return ExitCodes.OK;
        } catch (Exception e) {
            return new ErrorReporter(ctx.err(), opts.debug()).report(e, tokenSource);
        }
    }

    private ConnectionSettings settings(GlobalOptions.Merged opts) throws CliException {
        try {
            return new SettingsResolver(ctx.env()).resolve(opts.flags());
        } catch (ConfigException e) {
            throw new CliException("without --krl-url the admin API is asked for the server's public URL, but: "
                    + e.getMessage().lines().findFirst().orElse("") + System.lineSeparator()
                    + "hint: give --krl-url http://HOST:8080" + KrlDownload.PATH + " (no token needed)",
                    ExitCodes.USAGE, e);
        }
    }

    /** The KRL URL below the server's public base, which every issuer's CRL URL starts with. */
    private static URI fromServer(ConnectionSettings settings, Optional<PrintStream> debug) throws Exception {
        try (SigilClient client = SigilClient.connect(settings, CliVersion.userAgent(), debug)) {
            JsonNode issuers = client.get("/issuers", Query.empty());
            for (JsonNode issuer : ApiJson.items(issuers)) {
                Optional<String> crl = ApiJson.text(issuer, "crlUrl");
                if (crl.isPresent() && crl.get().contains("/crl/")) {
                    return KrlDownload.below(crl.get().substring(0, crl.get().lastIndexOf("/crl/")));
                }
            }
        }
        throw new CliException("the server lists no issuer with a CRL URL to take its public URL from; give --krl-url",
                ExitCodes.FAILURE);
    }
}
