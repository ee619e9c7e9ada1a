package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readaloud.local.runtime.ChunkSpan;
import dev.readaloud.local.runtime.RenderTimeline;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line: a clock that moves without chunks finishing, chunks in flight, retries. */
class RenderProgressTest {

    private final AtomicLong clockMillis = new AtomicLong(1_000_000);
    private final StringWriter written = new StringWriter();

    /** 6 chunks: 0 done, 1 done after a retry, 2 and 3 running (3 on its third attempt). */
    private static RenderTimeline midway() {
        return new RenderTimeline(6, 2, List.of(
                new ChunkSpan(0, 0, 900, 0, 800, 1, false),
                new ChunkSpan(1, 0, 2_000, 0, 800, 2, false),
                new ChunkSpan(2, 900, 900, 0, 0, 1, false),
                new ChunkSpan(3, 2_000, 2_000, 0, 0, 3, false)), -1, 2_000);
    }

    @Test
    void onATerminal_theClockTicksEverySecondWhileNoChunkFinishes() {
        RenderProgress progress = new RenderProgress(new PrintWriter(written), true, clockMillis::get);

        progress.update(midway());
        clockMillis.addAndGet(1_000);
        progress.tick();
        clockMillis.addAndGet(1_000);
        progress.tick();

        assertThat(written.toString().split("\r")).filteredOn(line -> !line.isEmpty()).extracting(RenderProgressTest::plain)
                .containsExactly(
                        "[########----------------] 2/6 chunks  2 in flight  3 retries  00:00 elapsed  ~00:00 left",
                        "[########----------------] 2/6 chunks  2 in flight  3 retries  00:01 elapsed  ~00:02 left",
                        "[########----------------] 2/6 chunks  2 in flight  3 retries  00:02 elapsed  ~00:04 left");
    }

    @Test
    void inALog_linesComeWithChunksOrAfterTenQuietSeconds() {
        RenderProgress progress = new RenderProgress(new PrintWriter(written), false, clockMillis::get);

        progress.tick(); // 0 s: nothing to say yet
        clockMillis.addAndGet(3_000);
        progress.update(midway()); // a change: a line
        for (int second = 0; second < 9; second++) {
            clockMillis.addAndGet(1_000);
            progress.tick(); // quiet: nothing for 9 s
        }
        clockMillis.addAndGet(1_000);
        progress.tick(); // 10 s quiet: a line

        assertThat(written.toString().lines().toList()).containsExactly(
                "[########----------------] 2/6 chunks  2 in flight  3 retries  00:03 elapsed  ~00:06 left",
                "[########----------------] 2/6 chunks  2 in flight  3 retries  00:13 elapsed  ~00:26 left");
    }

    @Test
    void beforeThePlan_itSaysItIsStarting() {
        assertThat(RenderProgress.line(0, 0, 0, 0, 4_200))
                .isEqualTo("[------------------------] starting: the local runtime, then the plan  00:04 elapsed");
        assertThat(RenderProgress.line(6, 6, 0, 1, 61_000))
                .isEqualTo("[########################] 6/6 chunks  0 in flight  1 retry  01:01 elapsed");
    }

    @Test
    void aNotice_onATerminal_takesALineOfItsOwnAndTheProgressLineComesBack() {
        RenderProgress progress = new RenderProgress(new PrintWriter(written), true, clockMillis::get);

        progress.update(midway());
        progress.notice("readaloud: starting LocalStack ...");

        assertThat(plain(written.toString())).isEqualTo(
                "\r[########----------------] 2/6 chunks  2 in flight  3 retries  00:00 elapsed  ~00:00 left"
                        + "\rreadaloud: starting LocalStack ..." + System.lineSeparator()
                        + "\r[########----------------] 2/6 chunks  2 in flight  3 retries  00:00 elapsed  ~00:00 left");
    }

    private static String plain(String line) {
        return line.replace("\u001b[K", "");
    }
}
