package dev.sigil.service.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTest {

    @Test
    void addsUserAndSystemTicks() {
        String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 123 0 0 0 1500 250 0 0 20 0 40 0 100 0 0";
        assertThat(ProcessCpu.ticks(stat)).isEqualTo(1750);
    }

    @Test
    void countsFieldsFromTheLastParenthesisOfTheCommandName() {
        String stat = "77 (a) b (c) R 1 77 77 0 -1 0 0 0 0 0 9 4 0 0 20 0 1 0 5 0 0";
        assertThat(ProcessCpu.ticks(stat)).isEqualTo(13);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void procStatOfThisJvmAgreesWithItsOwnCpuClock() throws Exception {
        long before = ProcessCpu.ownMillis();
        long proc = ProcessCpu.millis(ProcessHandle.current().pid(), ProcessCpu.DEFAULT_CLK_TCK);
        long after = ProcessCpu.ownMillis();
        // /proc counts in 10 ms ticks; a wrong field (e.g. start time, page faults) would be far off
        assertThat(proc).isBetween(before - 50, after + 50);
    }
}
