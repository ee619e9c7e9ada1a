package dev.readaloud.local.runtime;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a render on a terminal: chunks done of total, elapsed time and an estimate of what
 * is left. On a terminal it redraws one line; elsewhere (a CI log) it prints a line per change.
 */
public final class ProgressBar {

    private static final int BAR_WIDTH = 24;

    private final PrintWriter out;
    private final boolean redraw;
    private final long startNanos = System.nanoTime();
    private int lastDone = -1;
    private boolean drawn;

    public ProgressBar(PrintWriter out, boolean redraw) {
        this.out = out;
        this.redraw = redraw;
    }

    /** Shows {@code done} of {@code total} chunks; repeated calls with no change print nothing. */
    public synchronized void update(int done, int total) {
        if (done == lastDone || total <= 0) {
            return;
        }
        lastDone = done;
        long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
        String line = line(done, total, elapsedMillis);
        if (redraw) {
            out.print("\r" + line);
            drawn = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the redrawn line so later output starts on a fresh one. */
    public synchronized void finish() {
        if (redraw && drawn) {
            out.println();
            out.flush();
        }
    }

    static String line(int done, int total, long elapsedMillis) {
        int filled = (int) ((long) BAR_WIDTH * done / total);
        String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
        String estimate = done == 0 ? "--:--" : clock(elapsedMillis * (total - done) / done);
        return String.format(Locale.ROOT, "[%s] %d/%d chunks  %s elapsed  ~%s left", bar, done, total,
                clock(elapsedMillis), estimate);
    }

    static String clock(long millis) {
        long seconds = millis / 1000;
        return String.format(Locale.ROOT, "%02d:%02d", seconds / 60, seconds % 60);
    }
}
