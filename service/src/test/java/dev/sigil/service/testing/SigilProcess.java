package dev.sigil.service.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sigil as a separate JVM ({@code dev.sigil.service.Main} on this test's class path), configured through the
 * environment as an operator would, so that a test can kill it with SIGKILL: nothing of it runs on, no shutdown hook,
 * no flush. Each start appends its output to one log file, for diagnosing a failed run.
 */
public final class SigilProcess implements AutoCloseable {

    private final Map<String, String> env;
    private final Path log;
    private final int observePort;
    private Process process;

    public SigilProcess(Map<String, String> env, int observePort, Path log) {
        this.env = Map.copyOf(env);
        this.observePort = observePort;
        this.log = log;
    }

    /** Starts the JVM and waits until /health says ready. */
    public void start(Duration within) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "dev.sigil.service.Main"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("SIGIL_"));
        builder.environment().putAll(env);
        process = builder.start();
        Instant deadline = Instant.now().plus(within);
        while (!healthy()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Sigil exited with " + process.exitValue() + "; see " + log);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Sigil not healthy within " + within + "; see " + log);
            }
            Thread.sleep(50);
        }
    }

    /** SIGKILL (destroyForcibly on Linux), and waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Sigil survived SIGKILL");
        }
    }

    private boolean healthy() {
        try {
            return ApiClient.plainGet("http://127.0.0.1:" + observePort + "/health").statusCode() == 200;
        } catch (Exception e) { // not listening yet
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
