package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a listener hears at headings and paragraph breaks: pauses measured in the WAV that
 * `readaloud render` writes with real speech (FreeTTS), not in the plan.
 */
@Timeout(240)
class RenderPausesTest {

    /** The stitch's paragraph pause is 700 ms; FreeTTS pauses about 300 ms at a sentence end. */
    private static final long PARAGRAPH_PAUSE_MILLIS = 600;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "plan width {0}")
    @ValueSource(ints = {1, 3})
    void render_pausesAtEveryParagraphBreak_whateverThePlanWidth(int planWidth) throws Exception {
        Path reading = Path.of(System.getProperty("readaloud.home", ".."), "examples", "lighthouse.txt");
        long paragraphBreaks = Files.readString(reading).strip().split("\n\\s*\n").length - 1;
        Path output = temp.resolve("lighthouse.wav");

        ConsoleCapture.Run run = ConsoleCapture.run("render", reading.toString(), "-o", output.toString(),
                "--plan-width", Integer.toString(planWidth), "--concurrency", "3",
                "--data-dir", temp.resolve("data").toString());

        assertThat(run.status()).as(run.stderr()).isZero();
        List<SilentRuns.Pause> pauses = SilentRuns.of(output, PARAGRAPH_PAUSE_MILLIS);
        assertThat(paragraphBreaks).isEqualTo(4);
        assertThat(pauses).as("pauses of %d ms or more", PARAGRAPH_PAUSE_MILLIS).hasSize((int) paragraphBreaks);
    }

    @Test
    void render_speaksAHeadingAloneAndPausesAfterIt() throws Exception {
        Path reading = Files.writeString(temp.resolve("keeper.txt"),
                "The Keeper\n\nFor thirty years he kept the light at the point. He never missed a night.\n");
        Path output = temp.resolve("keeper.wav");

        ConsoleCapture.Run run = ConsoleCapture.run("render", reading.toString(), "-o", output.toString(),
                "--plan-width", "1", "--data-dir", temp.resolve("data").toString());

        assertThat(run.status()).as(run.stderr()).isZero();
        List<SilentRuns.Pause> pauses = SilentRuns.of(output, PARAGRAPH_PAUSE_MILLIS);
        assertThat(pauses).as("one long pause, right after the two words of the heading").hasSize(1);
        assertThat(pauses.getFirst().startMillis()).isBetween(300L, 2_000L);
    }
}
