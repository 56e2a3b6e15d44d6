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
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code sigil ssh sign}: {@code POST /api/v1/ssh/certificates}, saving the certificate next to the key; or, with
 * {@code --generate-key}, letting the server generate the key pair and saving all three files. The private key goes
 * to a file only, never to the terminal.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign an OpenSSH public key: a user certificate (log in as the principals) or a host"
            + " certificate (be the host names given as principals).",
            "The certificate is written where ssh-keygen -s would put it: id_ed25519.pub gives id_ed25519-cert.pub,"
                + " which ssh picks up next to the private key. '--out -' prints it to stdout instead.",
            "With --generate-key instead of --public-key, Sigil generates the key pair (and keeps no copy of the"
                + " private key); DIR/NAME (private key, mode 0600), DIR/NAME.pub and DIR/NAME-cert.pub are written,"
                + " so that 'ssh -i DIR/NAME' uses the certificate. Existing files are kept unless --force."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil ssh sign --public-key ~/.ssh/id_ed25519.pub --type user --principal alice --ttl 8h",
            "  sigil ssh sign --public-key deploy.pub --type user --principal deploy --ttl 1h \\",
            "      --force-command /usr/local/bin/deploy --source-address 10.0.0.0/8 --no-extensions",
            "  sigil ssh sign --public-key /etc/ssh/ssh_host_ed25519_key.pub --type host \\",
            "      --principal web1.internal --principal 10.0.0.7 --ttl 30d",
            "  sigil ssh sign --public-key ci.pub --type user --policy deploy --principal deploy-web --ttl 30m",
            "  sigil ssh sign --generate-key ed25519 --type user --principal alice \\",
            "      --out-dir ~/.ssh --name id_sigil        (then: ssh -i ~/.ssh/id_sigil alice@host)",
            "",
            "Key types for --generate-key: ed25519, ecdsa-p256, ecdsa-p384, rsa-3072.",
            "",
            "Extensions (user certificates): permit-pty, permit-port-forwarding, permit-agent-forwarding,",
            "  permit-X11-forwarding, permit-user-rc, no-touch-required. Without --extension the CA's policy",
            "  default applies (usually the five permit-* that ssh-keygen grants)."})
public final class SshSignCommand extends ApiCommand {

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "The public key to certify (authorized_keys form, e.g. id_ed25519.pub).")
    String publicKeyFile;

    @Option(names = "--generate-key", paramLabel = "TYPE",
            description = "Instead of --public-key: the server generates a key pair of this type (ed25519,"
                    + " ecdsa-p256, ecdsa-p384, rsa-3072) and certifies it. Needs --out-dir.")
    String generateKey;

    @Option(names = "--out-dir", paramLabel = "DIR",
            description = "With --generate-key: where NAME, NAME.pub and NAME-cert.pub go (created, mode 0700, if"
                    + " missing).")
    String outDir;

    @Option(names = "--name", paramLabel = "NAME",
            description = "With --generate-key: the file name of the private key (default: "
                    + GeneratedKeyFiles.DEFAULT_NAME + ").")
    String keyName;

    @Option(names = "--force", description = "With --generate-key: replace existing files of that name.")
    boolean force;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "user or host.")
    String typeText;

    @Option(names = "--policy", paramLabel = "NAME",
            description = "The SSH policy to sign under, of the same type (default: the built-in user or host"
                    + " policy); 'sigil ssh policies' lists them.")
    String policy;

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

    /** The key types the server generates (its {@code generateKey} values). */
    static final List<String> GENERATED_KEY_TYPES = List.of("ed25519", "ecdsa-p256", "ecdsa-p384", "rsa-3072");

    private SshCertType type;
    private String publicKey;
    private Optional<Path> target = Optional.empty();
    private Optional<GeneratedKeyFiles> generated = Optional.empty();

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
        if (policy != null && policy.isBlank()) {
            throw usage("--policy needs a policy name ('sigil ssh policies' lists them)");
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
        if ((publicKeyFile == null) == (generateKey == null)) {
            throw usage("give exactly one of --public-key FILE (a key you have) and --generate-key TYPE (a new key"
                    + " pair from the server)");
        }
        if (generateKey != null) {
            validateGenerated();
            return;
        }
        if (outDir != null || keyName != null || force) {
            throw usage("--out-dir, --name and --force go with --generate-key");
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

    private void validateGenerated() {
        generateKey = generateKey.strip().toLowerCase(Locale.ROOT);
        if (!GENERATED_KEY_TYPES.contains(generateKey)) {
            throw usage("--generate-key must be one of " + String.join(", ", GENERATED_KEY_TYPES));
        }
        if (outFile != null) {
            throw usage("--out goes with --public-key; with --generate-key the files go to --out-dir");
        }
        if (outDir == null || outDir.isBlank() || "-".equals(outDir)) {
            // The private key is written to a file or nowhere: never to a terminal or a pipe.
            throw usage("--generate-key needs --out-dir DIR (the private key is written there, never printed)");
        }
        GeneratedKeyFiles files;
        try {
            files = new GeneratedKeyFiles(ctx.resolve(outDir), keyName == null ? GeneratedKeyFiles.DEFAULT_NAME : keyName);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (!files.usableDirectory()) {
            throw usage("--out-dir " + outDir + " is not a writable directory");
        }
        // Checked before asking: a certificate signed for a key that cannot be saved would be wasted.
        List<Path> existing = files.existing();
        if (!existing.isEmpty() && !force) {
            throw usage(existing.getFirst() + " exists; choose another --name or --out-dir, or give --force to replace"
                    + " it");
        }
        generated = Optional.of(files);
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        ObjectNode body = generateKey != null ? ApiJson.object().put("generateKey", generateKey)
                : ApiJson.object().put("publicKey", publicKey);
        body.put("type", type.label());
        Optional.ofNullable(keyId).ifPresent(k -> body.put("keyId", k));
        Optional.ofNullable(policy).ifPresent(n -> body.put("policy", n.strip()));
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
        if (generated.isPresent()) {
            return saveGenerated(generated.get(), (ObjectNode) cert, serial, line, format);
        }

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

    private int saveGenerated(GeneratedKeyFiles files, ObjectNode cert, String serial, String line, OutputFormat format)
            throws CliException {
        // Taken out of the answer at once: nothing below prints the answer with the private key in it.
        JsonNode privateKey = cert.remove("privateKey");
        String publicLine = ApiJson.textOrEmpty(cert, "publicKey");
        if (privateKey == null || !privateKey.isTextual() || publicLine.isEmpty()) {
            throw new CliException("certificate " + serial + " was signed, but the server's answer has no key pair",
                    ExitCodes.FAILURE);
        }
        List<Path> wrote;
        try {
            wrote = files.write(privateKey.asText(), publicLine, line, force);
        } catch (FileAlreadyExistsException e) {
            throw new CliException("certificate " + serial + " was signed, but " + files.privateKey()
                    + " appeared meanwhile and was kept; nothing was written", ExitCodes.FAILURE, e);
        } catch (IOException e) {
            throw new CliException("certificate " + serial + " was signed, but writing the key files into "
                    + files.privateKey().getParent() + " failed: " + e.getMessage(), ExitCodes.FAILURE, e);
        }
        List<String> written = List.of("wrote private key to " + wrote.get(0), "wrote public key to " + wrote.get(1),
                "wrote certificate to " + wrote.get(2));
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(cert));
            written.forEach(err()::println);
            return ExitCodes.OK;
        }
        out().println("signed " + ApiJson.text(cert, "type").orElse(type.label()) + " certificate " + serial
                + " for a new " + generateKey + " key");
        SshCertView.details(cert, ctx.clock().instant()).print(out(), 2);
        written.forEach(out()::println);
        out().println("use it with: ssh -i " + files.privateKey() + " ...");
        return ExitCodes.OK;
    }
}
