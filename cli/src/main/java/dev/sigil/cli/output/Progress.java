package dev.sigil.cli.output;

import java.io.PrintStream;
import java.time.Clock;

/**
 * Progress of a long batch (a bulk revocation) on stderr: a bar redrawn in place on a terminal, plain lines
 * otherwise (logs and CI keep every line, and a carriage return there would only garble them). Callers serialise
 * calls; {@link #update} may be called after every item.
 */
public interface Progress {

    /** {@code done} of {@code total} items are finished. */
    void update(int done, int total);

    /** The batch ended (completely or not); prints the final state once. */
    void finish(int done, int total);

    /** A bar when {@code terminal}, else plain lines; {@code verb} names the work ("revoking"). */
    static Progress of(boolean terminal, PrintStream err, Clock clock, String verb) {
        return terminal ? new ProgressBar(err, clock, verb) : new ProgressLines(err, clock, verb);
    }

    /** Seconds with one decimal, e.g. {@code 2.5 s}. */
    static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
