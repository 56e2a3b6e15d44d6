package dev.sigil.cli.output;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/** A progress bar redrawn in place with a carriage return: {@code revoking [######------] 12/30  40%  8.1/s}. */
public final class ProgressBar implements Progress {

    /** Cells of the bar. */
    static final int WIDTH = 30;

    private final PrintStream err;
    private final Clock clock;
    private final String verb;
    private final Instant started;
    private boolean finished;

    public ProgressBar(PrintStream err, Clock clock, String verb) {
        this.err = err;
        this.clock = clock;
        this.verb = verb;
        this.started = clock.instant();
    }

    @Override
    public void update(int done, int total) {
        if (!finished) {
            err.print("\r" + render(done, total));
            err.flush();
        }
    }

    @Override
    public void finish(int done, int total) {
        if (!finished) {
            err.print("\r" + render(done, total) + "\n");
            err.flush();
            finished = true;
        }
    }

    /** One frame of the bar, without the carriage return. */
    String render(int done, int total) {
        int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
        int percent = total == 0 ? 100 : (int) ((long) done * 100 / total);
        long millis = clock.millis() - started.toEpochMilli();
        String rate = millis <= 0 ? "" : String.format(Locale.ROOT, "  %.1f/s", done * 1000.0 / millis);
        String width = Integer.toString(String.valueOf(total).length());
        return verb + " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%" + width + "d/%d %3d%%", done, total, percent) + rate;
    }
}
