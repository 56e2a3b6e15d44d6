package dev.sigil.cli.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.CliVersion;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.command.GlobalOptions;
import dev.sigil.cli.command.LocalCommand;
import dev.sigil.cli.config.ConnectionSettings;
import dev.sigil.cli.config.SettingsResolver;
import dev.sigil.cli.config.SettingsResolver.Choice;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.http.TrustAnchors;
import dev.sigil.cli.output.Details;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.output.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code sigil login}: checks a token against a server, then stores the server, the trusted root and the token in the
 * config directory so that later commands need no flags. Nothing is stored unless {@code GET /api/v1/whoami}
 * accepted the token over a connection that trusted only that root.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Check an API token against a server and store the server, its root CA and the token in",
            "~/.config/sigil/ ($XDG_CONFIG_HOME/sigil; the directory of $SIGIL_CONFIG if set): config.properties,",
            "token (mode 0600, directory 0700) and ca.pem. The token is read from --token-file, else asked for",
            "without echo on a terminal, else read from standard input; it is never an argument and never printed.",
            "The root is --ca-cert FILE, or found at the server by its --ca-fingerprint (in the TLS chain, or at",
            "the caIssuers URL of the chain's top certificate), or the one configured now."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil login --server https://ca.example.internal:8443 \\",
            "      --ca-fingerprint SHA256:3F:9A:1C:...:7B --token-file admin-token",
            "  sigil login --server https://ca.example.internal:8443 --ca-cert root.pem      # asks for the token",
            "  vault kv get -field=token secret/sigil | sigil login --server https://ca.example.internal:8443 \\",
            "      --ca-cert root.pem"})
public final class LoginCommand extends LocalCommand {

    /** Connect, handshake and download timeout while looking for the pinned root. */
    static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--ca-fingerprint", paramLabel = "SHA256:HEX",
            description = "SHA-256 fingerprint of the server's root CA (sigil-server prints it at start); the root is"
                    + " fetched from the server and trusted only if it has this fingerprint.")
    String caFingerprint;

    /** @param ctx streams, environment, terminal and clock of this run */
    public LoginCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int execute(GlobalOptions.Merged opts, OutputFormat format) throws Exception {
        Optional<Fingerprint> pin = Optional.empty();
        if (caFingerprint != null) {
            if (opts.flags().caCert().isPresent()) {
                throw usage("give either --ca-cert or --ca-fingerprint, not both");
            }
            try {
                pin = Optional.of(Fingerprint.parse(caFingerprint));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        SettingsResolver resolver = new SettingsResolver(ctx.env());
        Path configFile = resolver.configPath().orElseThrow(() -> new CliException("cannot tell where to store the"
                + " login: set HOME, XDG_CONFIG_HOME or " + SettingsResolver.ENV_CONFIG, ExitCodes.FAILURE));
        SettingsResolver.Choices now = resolver.describe(opts.flags());
        Choice serverChoice = now.server();
        URI server = SettingsResolver.parseServer(serverChoice.value().orElseThrow(), serverChoice.origin());

        List<X509Certificate> anchors;
        String via;
        if (pin.isPresent()) {
            RootFinder.Found found = new RootFinder(DISCOVERY_TIMEOUT).find(server, pin.get());
            anchors = List.of(found.certificate());
            via = found.via();
        } else if (now.caCert().path().isPresent()) {
            Path file = now.caCert().path().get();
            anchors = TrustAnchors.read(file);
            via = file.toString();
        } else {
            anchors = List.of();
            via = "the JDK's trust store";
        }

        TokenInput.Token token = TokenInput.read(ctx, opts.flags().tokenFile().map(ctx::resolve), server.toString());
        ConnectionSettings settings = new ConnectionSettings(server, serverChoice.origin(), token.secret(),
                token.source(), Optional.empty(), "");
        Optional<PrintStream> debug = opts.debug() ? Optional.of(ctx.err()) : Optional.empty();
        JsonNode me;
        String trust = anchors.isEmpty() ? "" : "the CA certificate from " + via;
        try (SigilClient client = anchors.isEmpty()
                ? SigilClient.connect(settings, CliVersion.userAgent(), debug)
                : SigilClient.connect(settings, TrustAnchors.fromCertificates(anchors, via), trust,
                CliVersion.userAgent(), debug)) {
            me = client.get("/whoami", Query.empty());
        }

        StoredLogin stored = new StoredLogin(configFile);
        try {
            stored.save(server, token.secret(), anchors, ctx.env().get(SettingsResolver.ENV_CONFIG) == null);
        } catch (IOException e) {
            throw new CliException("the token is valid, but storing the login in " + stored.directory()
                    + " failed: " + e.getMessage(), ExitCodes.FAILURE, e);
        }
        render(format, server, me, stored, anchors, via);
        for (String var : List.of(SettingsResolver.ENV_SERVER, SettingsResolver.ENV_TOKEN,
                SettingsResolver.ENV_TOKEN_FILE, SettingsResolver.ENV_CA_CERT)) {
            if (ctx.env().getOrDefault(var, "").isBlank()) {
                continue;
            }
            err().println("note: " + var + " is set in the environment and takes precedence over the stored login;"
                    + " unset it to use what was stored");
        }
        return ExitCodes.OK;
    }

    private void render(OutputFormat format, URI server, JsonNode me, StoredLogin stored,
                        List<X509Certificate> anchors, String via) {
        String name = ApiJson.textOrEmpty(me, "name");
        String role = ApiJson.textOrEmpty(me, "role");
        if (format == OutputFormat.JSON) {
            ObjectNode o = ApiJson.object();
            o.put("server", server.toString());
            o.put("name", name);
            o.put("role", role);
            o.put("configFile", stored.configFile().toString());
            o.put("tokenFile", stored.tokenFile().toString());
            if (anchors.isEmpty()) {
                o.putNull("caCertificate");
            } else {
                ObjectNode ca = o.putObject("caCertificate");
                ca.put("file", stored.caFile().toString());
                ca.put("subject", anchors.get(0).getSubjectX500Principal().getName());
                ca.put("sha256Fingerprint", Fingerprint.of(anchors.get(0)).toString());
                ca.put("foundAt", via);
            }
            out().println(ApiJson.pretty(o));
            return;
        }
        out().println("Logged in to " + server + " as " + Terminal.clean(name) + " (role " + Terminal.clean(role)
                + ").");
        Details d = new Details();
        d.add("config", stored.configFile().toString());
        d.add("token", stored.tokenFile() + " (mode 0600)");
        if (anchors.isEmpty()) {
            d.add("CA", "the JDK's trust store");
        } else {
            X509Certificate root = anchors.get(0);
            d.add("CA", stored.caFile() + ": " + root.getSubjectX500Principal().getName());
            d.add("fingerprint", "SHA-256 " + Fingerprint.of(root) + " (from " + via + ")");
        }
        d.print(out(), 2);
    }
}
