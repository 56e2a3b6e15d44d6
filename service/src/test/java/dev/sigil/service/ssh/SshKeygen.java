package dev.sigil.service.ssh;

import dev.sigil.service.testing.ExternalTools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs OpenSSH's {@code ssh-keygen} for the tests: the reference implementation of every format here (public for e2e tests). */
public final class SshKeygen {

    /** How long one ssh-keygen run may take (RSA 4096 generation is the slowest). */
    static final long TIMEOUT_SECONDS = 60;

    public record Result(int exitCode, String stdout, String stderr) {
        public String both() {
            return stdout + stderr;
        }
    }

    private final Path program;

    private SshKeygen(Path program) {
        this.program = program;
    }

    /** The installed ssh-keygen, or the test is skipped (failed in CI) when there is none. */
    public static SshKeygen require() {
        return new SshKeygen(ExternalTools.require("ssh-keygen", "openssh-client"));
    }

    public Result run(Path workDir, String... args) throws IOException, InterruptedException {
        return runWithInput(workDir, Path.of("/dev/null"), args);
    }

    /** Runs with {@code stdin} as standard input (e.g. the message of {@code -Y verify}). */
    public Result runWithInput(Path workDir, Path stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(program.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().put("TZ", "UTC"); // -L prints validity in local time
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(stdin.toFile()));
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ssh-keygen " + args[0] + " did not finish in " + TIMEOUT_SECONDS + "s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** Runs and requires exit status 0. */
    public Result ok(Path workDir, String... args) throws IOException, InterruptedException {
        Result r = run(workDir, args);
        if (r.exitCode() != 0) {
            throw new AssertionError("ssh-keygen " + String.join(" ", args) + " exited " + r.exitCode() + ": " + r.both());
        }
        return r;
    }

    /** Generates a key pair without passphrase; returns the public key line. {@code bits} 0 for the default. */
    public String generate(Path dir, String name, String type, int bits) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-q", "-t", type, "-N", "", "-C", name + "@test", "-f", dir.resolve(name).toString()));
        if (bits > 0) {
            args.add("-b");
            args.add(Integer.toString(bits));
        }
        ok(dir, args.toArray(String[]::new));
        return Files.readString(dir.resolve(name + ".pub")).strip();
    }

    /** {@code ssh-keygen -l -E sha256}: the fingerprint of a public key or certificate file. */
    public String fingerprint(Path dir, Path file) throws IOException, InterruptedException {
        String out = ok(dir, "-l", "-E", "sha256", "-f", file.toString()).stdout();
        return out.split("\\s+")[1];
    }
}
