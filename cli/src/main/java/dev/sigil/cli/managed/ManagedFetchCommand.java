package dev.sigil.cli.managed;

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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code sigil managed fetch NAME}: {@code GET /api/v1/managed/{name}/credential} and writes the files a service
 * reads. Works with a workload token scoped to NAME. A PKCS#12 file is built here, so its password stays local.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Fetch the current credential of a managed certificate and write it into a directory:",
            "  pem:    NAME.crt (certificate), NAME.chain.crt (issuer up to the root), NAME.key (PKCS#8, mode 0600)",
            "  pkcs12: NAME.p12 (key, certificate and chain; mode 0600), protected by the password in --password-file",
            "Each file is replaced whole (written aside, then renamed). Run it from cron or a timer to pick up renewals."},
        footerHeading = "%nExamples:%n",
        footer = {"  SIGIL_TOKEN_FILE=/etc/sigil/web.token sigil managed fetch web --out-dir /etc/ssl/web",
            "  sigil managed fetch web --out-dir . --format pkcs12 --password-file p12.pass"})
public final class ManagedFetchCommand extends ApiCommand {

    /** A password file is one line; this bounds what is read from a mistaken path. */
    static final int MAX_PASSWORD_FILE_BYTES = 4096;

    @Parameters(index = "0", paramLabel = "NAME", description = "The managed certificate.")
    String name;

    @Option(names = "--out-dir", required = true, paramLabel = "DIR", description = "Directory to write into"
            + " (created if missing).")
    String outDir;

    @Option(names = "--format", paramLabel = "FORMAT", description = "pem (default) or pkcs12.")
    String fileFormat = "pem";

    @Option(names = "--password-file", paramLabel = "FILE", description = "For pkcs12: a file whose first line is the"
            + " password.")
    String passwordFile;

    private boolean pkcs12;
    private char[] password;

    /** @param ctx streams, environment and clock of this run */
    public ManagedFetchCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            // NAME becomes part of the file names: nothing that could leave --out-dir.
            throw usage("NAME must be a managed certificate name (letters, digits, '-')");
        }
        switch (fileFormat.trim().toLowerCase(Locale.ROOT)) {
            case "pem" -> pkcs12 = false;
            case "pkcs12", "p12" -> pkcs12 = true;
            default -> throw usage("--format must be pem or pkcs12");
        }
        if (pkcs12 && passwordFile == null) {
            throw usage("--format pkcs12 needs --password-file");
        }
        if (!pkcs12 && passwordFile != null) {
            throw usage("--password-file is for --format pkcs12");
        }
        Path dir = ctx.resolve(outDir);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw usage("--out-dir " + outDir + " is not a directory");
        }
        if (pkcs12) {
            password = readPassword(ctx.resolve(passwordFile));
        }
    }

    private char[] readPassword(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_PASSWORD_FILE_BYTES) {
                throw usage("--password-file " + passwordFile + ": no such file, or too large for a password");
            }
            String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            if (first.isEmpty()) {
                throw usage("--password-file " + passwordFile + ": the first line (the password) is empty");
            }
            return first.toCharArray();
        } catch (IOException e) {
            throw usage("--password-file " + passwordFile + ": cannot read: " + e.getMessage());
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode c = client.get("/managed/" + Query.encode(name) + "/credential", Query.empty());
        String certificate = field(c, "certificate");
        String key = field(c, "privateKey");
        String chain = ApiJson.textOrEmpty(c, "chain");
        Path dir = ctx.resolve(outDir);
        List<Path> wrote = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            if (pkcs12) {
                byte[] p12;
                try {
                    p12 = LocalPkcs12.build(name, certificate, chain, key, password);
                } catch (IllegalArgumentException e) {
                    throw new CliException("the server's credential is unusable: " + e.getMessage(), ExitCodes.FAILURE);
                } finally {
                    Arrays.fill(password, '\0');
                }
                write(dir.resolve(name + ".p12"), p12, SecretFiles.OWNER_ONLY, wrote);
            } else {
                // The certificate last: a service that watches it finds the matching key already there.
                write(dir.resolve(name + ".chain.crt"), ascii(chain), SecretFiles.WORLD_READABLE, wrote);
                write(dir.resolve(name + ".key"), ascii(key), SecretFiles.OWNER_ONLY, wrote);
                write(dir.resolve(name + ".crt"), ascii(certificate), SecretFiles.WORLD_READABLE, wrote);
            }
        } catch (IOException e) {
            throw new CliException("writing into " + dir + " failed: " + e.getMessage(), ExitCodes.FAILURE, e);
        }
        report(c, wrote, format);
        return ExitCodes.OK;
    }

    private void report(JsonNode c, List<Path> wrote, OutputFormat format) {
        if (format == OutputFormat.JSON) {
            ObjectNode result = ApiJson.object().put("name", name);
            for (String f : List.of("version", "serial", "notAfter")) {
                if (c.has(f)) {
                    result.set(f, c.get(f));
                }
            }
            ArrayNode files = result.putArray("files");
            wrote.forEach(p -> files.add(p.toString()));
            out().println(ApiJson.pretty(result));
            return;
        }
        out().println("fetched " + name + " version " + ApiJson.textOrEmpty(c, "version") + " (serial "
                + ApiJson.textOrEmpty(c, "serial") + ", not after " + ApiJson.textOrEmpty(c, "notAfter") + ")");
        wrote.forEach(p -> out().println("wrote " + p));
    }

    private static void write(Path target, byte[] content, Set<PosixFilePermission> mode, List<Path> wrote)
            throws IOException {
        SecretFiles.write(target, content, mode);
        wrote.add(target);
    }

    private static String field(JsonNode c, String name) throws CliException {
        return ApiJson.text(c, name)
                .orElseThrow(() -> new CliException("the server's answer has no " + name, ExitCodes.FAILURE));
    }

    private static byte[] ascii(String pem) {
        String p = pem.strip();
        return (p.isEmpty() ? "" : p + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
