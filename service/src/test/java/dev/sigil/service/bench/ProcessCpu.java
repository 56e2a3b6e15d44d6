package dev.sigil.service.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of a process, user + system of all its threads (GC and JIT included), as {@code bench/issuance.sh} reads
 * it: fields 14 and 15 of {@code /proc/PID/stat}, in clock ticks. Linux only.
 */
final class ProcessCpu {

    /** USER_HZ, the unit of /proc/PID/stat times, on every mainstream Linux build (getconf CLK_TCK). */
    static final int DEFAULT_CLK_TCK = 100;
    /** Name under which {@link Window} reports this JVM's own CPU time. */
    static final String SELF = "self";

    private ProcessCpu() {
    }

    /** CPU milliseconds process {@code pid} has used so far. */
    static long millis(long pid, int clkTck) throws IOException {
        return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) * 1000 / clkTck;
    }

    /** CPU milliseconds this JVM has used so far. */
    static long ownMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    /**
     * utime + stime of one {@code /proc/PID/stat} line. The command name (field 2) is in parentheses and may hold
     * spaces or parentheses itself, so fields are counted from the last ')'.
     */
    static long ticks(String statLine) {
        String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" +");
        // f[0] is field 3 (state), so field n is f[n - 3]
        return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
    }

    /** CPU milliseconds that named processes, and this JVM ({@link #SELF}), use between two System.nanoTime instants. */
    static final class Window {

        private final Map<String, Long> pids;
        private final int clkTck;
        private final Map<String, Long> delta = new LinkedHashMap<>();
        private final Thread sampler;
        private volatile Exception failure;

        /** Starts sampling in the background; {@link #millis()} waits for {@code to}. */
        Window(Map<String, Long> pids, int clkTck, long from, long to) {
            this.pids = new LinkedHashMap<>(pids); // reported in the caller's order
            this.clkTck = clkTck;
            this.sampler = Thread.ofPlatform().name("cpu-window").daemon().start(() -> {
                try {
                    sleepUntil(from);
                    Map<String, Long> start = sample();
                    sleepUntil(to);
                    sample().forEach((name, ms) -> delta.put(name, ms - start.get(name)));
                } catch (IOException | InterruptedException e) {
                    failure = e;
                }
            });
        }

        /** CPU milliseconds per name over the window (SELF included). */
        Map<String, Long> millis() throws InterruptedException {
            sampler.join();
            if (failure != null) {
                throw new IllegalStateException("reading CPU times of " + pids, failure);
            }
            return delta;
        }

        private Map<String, Long> sample() throws IOException {
            Map<String, Long> now = new LinkedHashMap<>();
            for (Map.Entry<String, Long> p : pids.entrySet()) {
                now.put(p.getKey(), ProcessCpu.millis(p.getValue(), clkTck));
            }
            now.put(SELF, ownMillis());
            return now;
        }

        private static void sleepUntil(long nanoTime) throws InterruptedException {
            long left;
            while ((left = nanoTime - System.nanoTime()) > 0) {
                Thread.sleep(Duration.ofNanos(left));
            }
        }
    }
}
