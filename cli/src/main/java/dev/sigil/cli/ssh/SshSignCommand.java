package dev.sigil.cli.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.time.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code sigil ssh sign}: {@code POST /api/v1/ssh/certificates}, saving the certificate next to the key. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign an OpenSSH public key: a user certificate (log in as the principals) or a host"
            + " certificate (be the host names given as principals).",
            "The certificate is written where ssh-keygen -s would put it: id_ed25519.pub gives id_ed25519-cert.pub,"
                + " which ssh picks up next to the private key. '--out -' prints it to stdout instead."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil ssh sign --public-key ~/.ssh/id_ed25519.pub --type user --principal alice --ttl 8h",
            "  sigil ssh sign --public-key deploy.pub --type user --principal deploy --ttl 1h \\",
            "      --force-command /usr/local/bin/deploy --source-address 10.0.0.0/8 --no-extensions",
            "  sigil ssh sign --public-key /etc/ssh/ssh_host_ed25519_key.pub --type host \\",
            "      --principal web1.internal --principal 10.0.0.7 --ttl 30d",
            "",
            "Extensions (user certificates): permit-pty, permit-port-forwarding, permit-agent-forwarding,",
            "  permit-X11-forwarding, permit-user-rc, no-touch-required. Without --extension the CA's policy",
            "  default applies (usually the five permit-* that ssh-keygen grants)."})
public final class SshSignCommand extends ApiCommand {

    @Option(names = "--public-key", required = true, paramLabel = "FILE",
            description = "The public key to certify (authorized_keys form, e.g. id_ed25519.pub).")
    String publicKeyFile;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "user or host.")
    String typeText;

    @Option(names = "--principal", paramLabel = "NAME", split = ",",
            description = "User name (user certificate) or host name/address (host certificate); repeatable, or"
                    + " comma-separated. At least one.")
    List<String> principals = new ArrayList<>();

    @Option(names = "--ttl", paramLabel = "DURATION",
            description = "Lifetime, e.g. 8h, 30d (default: the CA's policy).")
    Duration ttl;

    @Option(names = "--key-id", paramLabel = "ID",
            description = "Key id, logged by sshd on each login (default: chosen by the server).")
    String keyId;

    @Option(names = "--force-command", paramLabel = "COMMAND",
            description = "Critical option force-command: the only command the certificate may run (user only).")
    String forceCommand;

    @Option(names = "--source-address", paramLabel = "CIDRS",
            description = "Critical option source-address: comma-separated addresses/CIDRs it may log in from"
                    + " (user only).")
    String sourceAddress;

    @Option(names = "--verify-required", description = "Critical option verify-required: a FIDO key must verify the"
            + " user (PIN or biometrics) on each use (user only).")
    boolean verifyRequired;

    @Option(names = "--extension", paramLabel = "NAME",
            description = "Grant this extension (user only); repeatable. Replaces the policy default.")
    List<String> extensions = new ArrayList<>();

    @Option(names = "--no-extensions", description = "Grant no extensions at all (no pty, no forwarding).")
    boolean noExtensions;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the certificate here (default: <key>-cert.pub next to the key; '-' for stdout).")
    String outFile;

    private SshCertType type;
    private String publicKey;
    private Optional<Path> target;

    /** @param ctx streams, environment and clock of this run */
    public SshSignCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        try {
            type = SshCertType.parse(typeText);
        } catch (IllegalArgumentException e) {
            throw usage("--type: " + e.getMessage());
        }
        principals.removeIf(p -> p.isBlank());
        if (principals.isEmpty()) {
            throw usage("give at least one --principal (a certificate without principals would be valid for"
                    + " every " + type.label() + ")");
        }
        if (noExtensions && !extensions.isEmpty()) {
            throw usage("--extension and --no-extensions exclude each other");
        }
        if (type == SshCertType.HOST && (forceCommand != null || sourceAddress != null || verifyRequired
                || !extensions.isEmpty() || noExtensions)) {
            throw usage("--force-command, --source-address, --verify-required and the extensions apply to user"
                    + " certificates only");
        }
        Path key = ctx.resolve(publicKeyFile);
        try {
            publicKey = PublicKeyFile.read(key, "--public-key");
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if ("-".equals(outFile)) {
            target = Optional.empty();
        } else {
            target = Optional.of(outFile == null ? PublicKeyFile.certificatePath(key) : ctx.resolve(outFile));
            if (!SshFiles.writable(target.get())) {
                throw usage((outFile == null ? "cannot write the certificate to " : "--out ") + target.get()
                        + ": missing directory or no permission" + (outFile == null ? " (give --out)" : ""));
            }
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        ObjectNode body = ApiJson.object().put("publicKey", publicKey).put("type", type.label());
        Optional.ofNullable(keyId).ifPresent(k -> body.put("keyId", k));
        ArrayNode p = body.putArray("principals");
        principals.forEach(p::add);
        Optional.ofNullable(ttl).ifPresent(t -> body.put("ttl", Durations.format(t)));
        if (forceCommand != null || sourceAddress != null || verifyRequired) {
            ObjectNode options = body.putObject("criticalOptions");
            Optional.ofNullable(forceCommand).ifPresent(c -> options.put("forceCommand", c));
            Optional.ofNullable(sourceAddress).ifPresent(s -> options.put("sourceAddress", s));
            if (verifyRequired) {
                options.put("verifyRequired", true);
            }
        }
        if (noExtensions || !extensions.isEmpty()) {
            ArrayNode e = body.putArray("extensions");
            extensions.forEach(e::add);
        }
        JsonNode cert = client.post("/ssh/certificates", Query.empty(), body);
        String serial = ApiJson.textOrEmpty(cert, "serial");
        String line = ApiJson.text(cert, "certificate").orElseThrow(() ->
                new CliException("the server's answer has no certificate", ExitCodes.FAILURE));

        Optional<String> wrote = Optional.empty();
        if (target.isPresent()) {
            try {
                SshFiles.write(target.get(), (line + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new CliException("certificate " + serial + " was signed, but writing " + target.get()
                        + " failed: " + e.getMessage(), ExitCodes.FAILURE, e);
            }
            wrote = Optional.of("wrote certificate to " + target.get());
        }
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(cert));
            wrote.ifPresent(err()::println);
            return ExitCodes.OK;
        }
        PrintStream summary = target.isPresent() ? out() : err();
        summary.println("signed " + ApiJson.text(cert, "type").orElse(type.label()) + " certificate " + serial);
        SshCertView.details(cert, ctx.clock().instant()).print(summary, 2);
        wrote.ifPresent(summary::println);
        if (target.isEmpty()) {
            out().println(line);
        }
        return ExitCodes.OK;
    }
}
