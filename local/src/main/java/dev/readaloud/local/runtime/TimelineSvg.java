package dev.readaloud.local.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Draws a render as an SVG: one bar per chunk on the lane (concurrency slot) it ran in, the part
 * spent waiting for a RunPod worker lighter than the part spent speaking, so the parallelism of a
 * render can be seen at a glance.
 */
public final class TimelineSvg {

    private static final int WIDTH_PX = 960;
    private static final int LEFT_PX = 70;
    private static final int RIGHT_PX = 20;
    private static final int TOP_PX = 40;
    private static final int LANE_PX = 26;
    private static final int BAR_PX = 18;
    private static final int AXIS_PX = 40;
    private static final int LABEL_PX = 20;

    private TimelineSvg() {
    }

    /**
     * Renders the timeline of chunks that ran within {@code totalMillis} of wall time.
     *
     * @param title        a heading, e.g. the render id and concurrency (escaped here)
     * @param chunks       chunk timings, any order
     * @param stitchStartMillis when stitching began (milliseconds since the render started), or -1
     * @param totalMillis  wall time of the whole render, at least 1
     */
    public static String render(String title, List<ChunkSpan> chunks, long stitchStartMillis, long totalMillis) {
        List<ChunkSpan> ordered = new ArrayList<>(chunks);
        ordered.sort(Comparator.comparingLong(ChunkSpan::startMillis).thenComparingInt(ChunkSpan::index));
        int[] lanes = assignLanes(ordered);
        int laneCount = 0;
        for (int lane : lanes) {
            laneCount = Math.max(laneCount, lane + 1);
        }
        int rows = laneCount + (stitchStartMillis >= 0 ? 1 : 0);
        int height = TOP_PX + rows * LANE_PX + AXIS_PX;
        double scale = (WIDTH_PX - LEFT_PX - RIGHT_PX) / (double) Math.max(1, totalMillis);

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
                WIDTH_PX, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>%n",
                LEFT_PX, escape(title)));
        for (int lane = 0; lane < laneCount; lane++) {
            svg.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"%d\">lane %d</text>%n",
                    TOP_PX + lane * LANE_PX + BAR_PX - 5, lane + 1));
        }
        for (int i = 0; i < ordered.size(); i++) {
            ChunkSpan chunk = ordered.get(i);
            double x = LEFT_PX + chunk.startMillis() * scale;
            double width = Math.max(1, chunk.wallMillis() * scale);
            int y = TOP_PX + lanes[i] * LANE_PX;
            double waitWidth = Math.min(width, Math.max(0, chunk.wallMillis() - chunk.speakMillis()) * scale);
            svg.append(String.format(Locale.ROOT,
                    "<g><title>chunk %d: %d ms (waiting %d ms, speaking %d ms, attempts %d%s)</title>%n",
                    chunk.index(), chunk.wallMillis(), chunk.wallMillis() - Math.min(chunk.wallMillis(), chunk.speakMillis()),
                    chunk.speakMillis(), chunk.attempts(), chunk.reused() ? ", reused" : ""));
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#c9d7ea\"/>%n", x, y, waitWidth, BAR_PX));
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    x + waitWidth, y, Math.max(0, width - waitWidth), BAR_PX, chunk.reused() ? "#9aa5b1" : "#2f6db3"));
            // The index goes on the dark (speaking) part in white where it fits, else in dark ink at the
            // bar's start: white on the light part cannot be read.
            boolean onDark = width - waitWidth >= LABEL_PX;
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" fill=\"%s\">%d</text></g>%n", (onDark ? x + waitWidth : x) + 3,
                    y + BAR_PX - 5, onDark ? "white" : "#1d2b3a", chunk.index()));
        }
        if (stitchStartMillis >= 0) {
            int y = TOP_PX + laneCount * LANE_PX;
            double x = LEFT_PX + stitchStartMillis * scale;
            svg.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"%d\">stitch</text>%n", y + BAR_PX - 5));
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#3a9a5b\"/>%n",
                    x, y, Math.max(1, (totalMillis - stitchStartMillis) * scale), BAR_PX));
        }
        appendAxis(svg, rows, totalMillis, scale);
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\">light: the chunk's task not speaking (S3, HTTP, queueing for a worker, retries);"
                        + " dark: the worker speaking</text>%n",
                LEFT_PX, height - 6));
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** Gives each chunk (sorted by start) the lowest lane free at its start. */
    static int[] assignLanes(List<ChunkSpan> byStart) {
        int[] lanes = new int[byStart.size()];
        List<Long> laneFreeAt = new ArrayList<>();
        for (int i = 0; i < byStart.size(); i++) {
            ChunkSpan chunk = byStart.get(i);
            int lane = 0;
            while (lane < laneFreeAt.size() && laneFreeAt.get(lane) > chunk.startMillis()) {
                lane++;
            }
            if (lane == laneFreeAt.size()) {
                laneFreeAt.add(chunk.endMillis());
            } else {
                laneFreeAt.set(lane, chunk.endMillis());
            }
            lanes[i] = lane;
        }
        return lanes;
    }

    private static void appendAxis(StringBuilder svg, int rows, long totalMillis, double scale) {
        int y = TOP_PX + rows * LANE_PX + 4;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT_PX, y, WIDTH_PX - RIGHT_PX, y));
        long step = tickStepMillis(totalMillis);
        for (long t = 0; t <= totalMillis; t += step) {
            double x = LEFT_PX + t * scale;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/><text x=\"%.1f\" y=\"%d\">%ss</text>%n",
                    x, y, x, y + 4, x - 6, y + 16, formatSeconds(t)));
        }
    }

    private static long tickStepMillis(long totalMillis) {
        long[] steps = {100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000};
        for (long step : steps) {
            if (totalMillis / step <= 10) {
                return step;
            }
        }
        return 1_200_000;
    }

    private static String formatSeconds(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
