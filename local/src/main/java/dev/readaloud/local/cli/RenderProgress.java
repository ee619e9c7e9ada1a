package dev.readaloud.local.cli;

import dev.readaloud.local.runtime.ChunkSpan;
import dev.readaloud.local.runtime.RenderTimeline;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The render's progress on stderr: chunks done of total, chunks in flight, retries so far, the
 * elapsed time and an estimate of what is left.
 *
 * <p>On a terminal the line is redrawn every second, whether or not a chunk finished, so a long
 * chunk, a retry's backoff or the start-up shows the clock moving rather than a hang. Anywhere
 * else (a CI log, a file) a line is printed when a chunk finishes or a retry happens, and
 * otherwise every {@value #QUIET_LOG_MILLIS} ms, which keeps logs short and still shows life.
 */
final class RenderProgress implements AutoCloseable {

    static final long TICK_MILLIS = 1_000;
    static final long QUIET_LOG_MILLIS = 10_000;
    private static final int BAR_WIDTH = 24;

    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier clockMillis;
    private final long startMillis;
    private ScheduledExecutorService ticker;
    private int done;
    private int total;
    private int inFlight;
    private int retries;
    private long lastDrawnMillis;
    private String lastDrawnState = "";
    private boolean drawn;

    /**
     * @param out         where to draw (stderr)
     * @param terminal    whether {@code out} is a terminal: redraw one line instead of printing lines
     * @param clockMillis a monotonic clock in milliseconds
     */
    RenderProgress(PrintWriter out, boolean terminal, LongSupplier clockMillis) {
        this.out = out;
        this.terminal = terminal;
        this.clockMillis = clockMillis;
        this.startMillis = clockMillis.getAsLong();
        this.lastDrawnMillis = startMillis;
    }

    /** Whether the launcher found stderr to be a terminal (it passes {@code -Dreadaloud.stderr.terminal=true}). */
    static boolean stderrIsTerminal() {
        return Boolean.getBoolean("readaloud.stderr.terminal");
    }

    /** Starts the clock: from now on the line is drawn every second (terminal) or every ten (log) at least. */
    RenderProgress start() {
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "render-progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Takes the render's state from {@code timeline}; draws at once when a chunk finished or a retry happened. */
    synchronized void update(RenderTimeline timeline) {
        int retriesNow = 0;
        for (ChunkSpan span : timeline.spans()) {
            retriesNow += span.attempts() - 1;
        }
        done = timeline.chunksDone();
        total = timeline.chunksTotal();
        inFlight = Math.max(0, timeline.spans().size() - timeline.chunksDone());
        retries = retriesNow;
        if (!state().equals(lastDrawnState)) {
            draw();
        }
    }

    /** The clock's beat: redraws on a terminal; in a log, prints only after a quiet stretch. */
    synchronized void tick() {
        if (terminal || clockMillis.getAsLong() - lastDrawnMillis >= QUIET_LOG_MILLIS) {
            draw();
        }
    }

    /** Prints a line of its own (a notice while the runtime starts) without mixing it into the progress line. */
    synchronized void notice(String line) {
        if (terminal && drawn) {
            out.print("\r\u001b[K");
        }
        out.println(line);
        if (terminal && drawn) {
            draw();
        } else {
            out.flush();
        }
    }

    /** Stops the clock and ends the redrawn line so later output starts on a fresh one. */
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (terminal && drawn) {
            out.println();
            out.flush();
        }
    }

    private String state() {
        return done + "/" + total + "/" + retries;
    }

    private void draw() {
        long now = clockMillis.getAsLong();
        lastDrawnMillis = now;
        lastDrawnState = state();
        String line = line(done, total, inFlight, retries, now - startMillis);
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            drawn = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    static String line(int done, int total, int inFlight, int retries, long elapsedMillis) {
        if (total <= 0) {
            return String.format(Locale.ROOT, "[%s] starting: the local runtime, then the plan  %s elapsed",
                    "-".repeat(BAR_WIDTH), clock(elapsedMillis));
        }
        int filled = (int) ((long) BAR_WIDTH * done / total);
        String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
        String estimate = done == 0 || done == total ? "" : "  ~" + clock(elapsedMillis * (total - done) / done) + " left";
        return String.format(Locale.ROOT, "[%s] %d/%d chunks  %d in flight  %d retr%s  %s elapsed%s", bar, done,
                total, inFlight, retries, retries == 1 ? "y" : "ies", clock(elapsedMillis), estimate);
    }

    static String clock(long millis) {
        long seconds = millis / 1000;
        return String.format(Locale.ROOT, "%02d:%02d", seconds / 60, seconds % 60);
    }
}
