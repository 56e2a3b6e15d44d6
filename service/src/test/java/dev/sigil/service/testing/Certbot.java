package dev.sigil.service.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's certbot, run as an operator would, against a Sigil ACME directory: its own config, work and log
 * directories under the test's, Sigil's root as the TLS trust anchor (REQUESTS_CA_BUNDLE), and its standalone
 * http-01 server on a loopback port that Sigil is configured to dial.
 */
public final class Certbot {

    static final long TIMEOUT_SECONDS = 180;

    /** Exit code and combined output. */
    public record Result(int exit, String output) {
    }

    private final Path bin;
    private final Path home;
    private final String directoryUrl;
    private final Path caBundle;
    private final int http01Port;

    public Certbot(Path home, String directoryUrl, Path caBundle, int http01Port) {
        this.bin = ExternalTools.require("certbot", "certbot");
        this.home = home;
        this.directoryUrl = directoryUrl;
        this.caBundle = caBundle;
        this.http01Port = http01Port;
    }

    /** Runs {@code certbot SUBCOMMAND} with the common flags plus {@code args}. */
    public Result run(String subcommand, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(bin.toString(), subcommand, "--non-interactive",
                "--server", directoryUrl,
                "--config-dir", home.resolve("config").toString(),
                "--work-dir", home.resolve("work").toString(),
                "--logs-dir", home.resolve("logs").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("REQUESTS_CA_BUNDLE", caBundle.toString());
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("certbot timed out: " + cmd);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** As {@link #run}, insisting on success; the failure message carries certbot's output and log. */
    public String ok(String subcommand, String... args) throws IOException, InterruptedException {
        Result r = run(subcommand, args);
        if (r.exit() != 0) {
            Path log = home.resolve("logs/letsencrypt.log");
            String tail = Files.exists(log) ? Files.readString(log) : "";
            tail = tail.length() > 6000 ? tail.substring(tail.length() - 6000) : tail;
            throw new AssertionError("certbot " + subcommand + " failed (" + r.exit() + "):\n" + r.output()
                    + "\n--- letsencrypt.log (tail) ---\n" + tail);
        }
        return r.output();
    }

    /** Flags for a standalone http-01 certificate request for {@code names}. */
    public String[] standalone(String... names) {
        List<String> a = new ArrayList<>(List.of("--standalone", "--preferred-challenges", "http",
                "--http-01-port", Integer.toString(http01Port), "--http-01-address", "127.0.0.1",
                "--agree-tos", "--register-unsafely-without-email", "--cert-name", names[0]));
        for (String n : names) {
            a.add("-d");
            a.add(n);
        }
        return a.toArray(String[]::new);
    }

    /** certbot's debug log of the last runs (what the server answered, in detail). */
    public String log() throws IOException {
        Path log = home.resolve("logs/letsencrypt.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The live directory of a certificate lineage (cert.pem, chain.pem, fullchain.pem, privkey.pem). */
    public Path live(String certName) {
        return home.resolve("config/live").resolve(certName);
    }
}
