package dev.sigil.service.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process, user + system of all its threads (GC and JIT included), as {@code bench/issuance.sh} reads
 * it: fields 14 and 15 of {@code /proc/PID/stat}, in clock ticks. Linux only.
 */
final class ProcessCpu {

    /** USER_HZ, the unit of /proc/PID/stat times, on every mainstream Linux build (getconf CLK_TCK). */
    static final int DEFAULT_CLK_TCK = 100;

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
}
