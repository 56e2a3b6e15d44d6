package dev.sigil.cli.output;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Progress as plain lines for logs and pipes: one at every further tenth of the batch, one at least every
 * {@link #INTERVAL} while the batch is slow, and the last at the end:
 * {@code revoking: 12/30 done (40%), 1.5 s}.
 */
public final class ProgressLines implements Progress {

    /** Longest silence while work goes on. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);
    /** A line at every tenth. */
    static final int STEPS = 10;

    private final PrintStream err;
    private final Clock clock;
    private final String verb;
    private final Instant started;
    private Instant lastLine;
    private int lastStep;
    private int lastDone = -1;

    public ProgressLines(PrintStream err, Clock clock, String verb) {
        this.err = err;
        this.clock = clock;
        this.verb = verb;
        this.started = clock.instant();
        this.lastLine = started;
    }

    @Override
    public void update(int done, int total) {
        int step = total == 0 ? STEPS : (int) ((long) done * STEPS / total);
        Instant now = clock.instant();
        if (done >= total) {
            return; // finish() prints the last line
        }
        if (step > lastStep || !now.isBefore(lastLine.plus(INTERVAL))) {
            print(done, total, now);
            lastStep = step;
        }
    }

    @Override
    public void finish(int done, int total) {
        if (done != lastDone) {
            print(done, total, clock.instant());
        }
    }

    private void print(int done, int total, Instant now) {
        int percent = total == 0 ? 100 : (int) ((long) done * 100 / total);
        err.println(verb + ": " + done + "/" + total + " done (" + percent + "%), "
                + Progress.seconds(Duration.between(started, now).toMillis()));
        lastLine = now;
        lastDone = done;
    }
}
