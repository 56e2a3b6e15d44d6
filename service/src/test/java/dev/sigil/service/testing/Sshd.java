package dev.sigil.service.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server for end-to-end tests: {@code /usr/sbin/sshd -D -e} with a private config in the test's
 * directory, on a free loopback port. Only certificate logins work: no authorized_keys, no passwords; users are
 * trusted through {@code TrustedUserCAKeys}, revoked through {@code RevokedKeys} (re-read by sshd on every
 * authentication, so replacing the file is a KRL refresh) and limited by {@code AuthorizedPrincipalsFile}.
 * Also runs the OpenSSH client ({@link #ssh}) and {@code ssh-keygen} the way the tests need them.
 */
public final class Sshd implements AutoCloseable {

    /** sshd refuses to re-exec itself unless started by absolute path. */
    public static final Path SSHD = Path.of("/usr/sbin/sshd");
    /** sshd's privilege separation directory; it will not start without it. */
    static final Path PRIVSEP_DIR = Path.of("/run/sshd");
    static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /** Bounds every ssh and ssh-keygen run; a login on loopback takes well under a second. */
    static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 50;

    /**
     * What sshd trusts.
     *
     * @param hostKey           private host key file (its certificate, if any, in {@code hostCertificate})
     * @param hostCertificate   the host key's certificate, presented to clients that trust the host CA
     * @param trustedUserCaKeys file with the user CA's public key line
     * @param revokedKeys       the KRL file
     * @param principals        per local user, the certificate principals allowed to log in as that user
     */
    public record Config(Path hostKey, Optional<Path> hostCertificate, Path trustedUserCaKeys, Path revokedKeys,
                         Map<String, List<String>> principals) {
    }

    /** Exit code and output of a finished program. */
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit=" + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private final Process process;
    private final Path log;
    private final int port;

    private Sshd(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Skips (or in CI fails) the test unless sshd, ssh and ssh-keygen are installed and sshd can run here. */
    public static void requireInstalled() {
        if (!Files.isExecutable(SSHD)) {
            ExternalTools.require("sshd", "openssh-server");
            Assumptions.abort("sshd is on the PATH but not at " + SSHD + ", where these tests start it");
        }
        ExternalTools.require("ssh", "openssh-client");
        ExternalTools.require("ssh-keygen", "openssh-client");
        try {
            Files.createDirectories(PRIVSEP_DIR);
        } catch (IOException e) {
            Assumptions.abort("sshd needs " + PRIVSEP_DIR + " and it cannot be created: " + e.getMessage());
        }
    }

    /** The local user the tests log in as: the one running them (root in CI, allowed by prohibit-password). */
    public static String localUser() {
        return System.getProperty("user.name");
    }

    /** Writes the config into {@code dir} and starts sshd; returns once it accepts connections. */
    public static Sshd start(Path dir, Config config) throws IOException, InterruptedException {
        int port = FreePorts.tcp();
        Path principalsDir = dir.resolve("principals");
        Files.createDirectories(principalsDir);
        for (var e : config.principals().entrySet()) {
            Files.writeString(principalsDir.resolve(e.getKey()), String.join("\n", e.getValue()) + "\n");
        }
        List<String> lines = new ArrayList<>(List.of(
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + config.hostKey().toAbsolutePath()));
        config.hostCertificate().ifPresent(c -> lines.add("HostCertificate " + c.toAbsolutePath()));
        lines.addAll(List.of(
                "PidFile " + dir.resolve("sshd.pid").toAbsolutePath(),
                "AuthorizedKeysFile none",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "HostbasedAuthentication no",
                "PubkeyAuthentication yes",
                "TrustedUserCAKeys " + config.trustedUserCaKeys().toAbsolutePath(),
                "RevokedKeys " + config.revokedKeys().toAbsolutePath(),
                "AuthorizedPrincipalsFile " + principalsDir.toAbsolutePath() + "/%u",
                "PermitRootLogin prohibit-password",
                "StrictModes no",
                "UsePAM no",
                "UseDNS no",
                "PrintMotd no",
                "LogLevel VERBOSE"));
        Path cfg = dir.resolve("sshd_config");
        Files.write(cfg, lines, StandardCharsets.UTF_8);
        Path log = dir.resolve("sshd.log");
        Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", cfg.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Sshd sshd = new Sshd(p, log, port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("sshd exited with " + p.exitValue() + ":\n" + sshd.log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) POLL_MILLIS * 4);
                return sshd;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    sshd.close();
                    throw new IllegalStateException("sshd did not listen on " + port + " within " + START_TIMEOUT
                            + ":\n" + sshd.log());
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    public int port() {
        return port;
    }

    /** What sshd has logged so far (LogLevel VERBOSE: accepted certificates, refusals and their reasons). */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Runs {@code ssh} non-interactively against this sshd as {@code user@127.0.0.1}, ignoring any user or system
     * config, offering only {@code key} with {@code certificate}; {@code options} are further {@code -o} settings
     * (host key checking is up to the caller), then the remote command.
     */
    public Result ssh(Path key, Path certificate, String user, List<String> options, String... command)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-p", String.valueOf(port),
                "-i", key.toAbsolutePath().toString(),
                "-o", "CertificateFile=" + certificate.toAbsolutePath(),
                "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "BatchMode=yes",
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10"));
        for (String o : options) {
            cmd.add("-o");
            cmd.add(o);
        }
        cmd.add(user + "@127.0.0.1");
        cmd.addAll(List.of(command));
        return run(key.toAbsolutePath().getParent(), cmd);
    }

    /** Generates an Ed25519 key pair without passphrase: {@code file} (private) and {@code file.pub}. */
    public static Path newKey(Path file, String comment) throws IOException, InterruptedException {
        Result r = run(file.toAbsolutePath().getParent(),
                List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file.toString()));
        if (r.exit() != 0) {
            throw new IllegalStateException("ssh-keygen failed: " + r);
        }
        return file;
    }

    /** Runs a program with a bounded wait; output goes through files, so a chatty program cannot block on a pipe. */
    public static Result run(Path workDir, List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null")
                            .toFile())).start();
            if (!p.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                throw new IllegalStateException(cmd + " did not finish within " + TOOL_TIMEOUT);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Stops sshd (SIGTERM, then SIGKILL after {@link #STOP_TIMEOUT}) and the sessions it started. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
