package dev.sigil.cli.output;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The two renderings of progress: a bar redrawn in place on a terminal, plain lines otherwise. */
class ProgressTest {

    /** A clock the test moves. */
    static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-11-23T20:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final StepClock clock = new StepClock();

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void linesComeAtEveryTenthAndOnceAtTheEnd() {
        Progress p = Progress.of(false, err, clock, "revoking");
        p.update(0, 30);
        for (int done = 1; done <= 30; done++) {
            clock.now = clock.now.plusMillis(100);
            p.update(done, 30);
        }
        p.finish(30, 30);

        assertThat(printed().lines().toList()).containsExactly(
                "revoking: 3/30 done (10%), 0.3 s", "revoking: 6/30 done (20%), 0.6 s",
                "revoking: 9/30 done (30%), 0.9 s", "revoking: 12/30 done (40%), 1.2 s",
                "revoking: 15/30 done (50%), 1.5 s", "revoking: 18/30 done (60%), 1.8 s",
                "revoking: 21/30 done (70%), 2.1 s", "revoking: 24/30 done (80%), 2.4 s",
                "revoking: 27/30 done (90%), 2.7 s", "revoking: 30/30 done (100%), 3.0 s");
        assertThat(printed()).doesNotContain("\r");
    }

    @Test
    void aSlowBatchStillPrintsALineEveryTenSeconds() {
        Progress p = Progress.of(false, err, clock, "revoking");
        p.update(0, 1000);
        clock.now = clock.now.plusSeconds(4);
        p.update(1, 1000);
        clock.now = clock.now.plus(ProgressLines.INTERVAL);
        p.update(2, 1000);
        clock.now = clock.now.plusSeconds(1);
        p.update(3, 1000);
        p.finish(3, 1000);

        assertThat(printed().lines().toList()).containsExactly("revoking: 2/1000 done (0%), 14.0 s",
                "revoking: 3/1000 done (0%), 15.0 s");
    }

    @Test
    void finishingAfterTheLastLinePrintsNothingMore() {
        Progress p = Progress.of(false, err, clock, "revoking");
        p.update(5, 10);
        p.finish(5, 10);
        p.finish(5, 10);

        assertThat(printed().lines().toList()).containsExactly("revoking: 5/10 done (50%), 0.0 s");
    }

    @Test
    void theBarIsRedrawnInPlaceWithCountPercentAndRate() {
        Progress p = Progress.of(true, err, clock, "revoking");
        p.update(0, 40);
        clock.now = clock.now.plusSeconds(2);
        p.update(10, 40);
        clock.now = clock.now.plusSeconds(2);
        p.finish(40, 40);
        p.update(40, 40);

        assertThat(printed()).isEqualTo(
                "\rrevoking [------------------------------]  0/40   0%"
                        + "\rrevoking [#######-----------------------] 10/40  25%  5.0/s"
                        + "\rrevoking [##############################] 40/40 100%  10.0/s\n");
    }

    @Test
    void anEmptyBatchIsComplete() {
        ProgressBar bar = new ProgressBar(err, clock, "revoking");
        assertThat(bar.render(0, 0)).isEqualTo("revoking [##############################] 0/0 100%");
        clock.now = clock.now.plus(Duration.ofSeconds(1));
        assertThat(bar.render(0, 0)).endsWith("100%  0.0/s");
    }
}
