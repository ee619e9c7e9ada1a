package dev.readaloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readaloud.audio.WavReader;
import dev.readaloud.render.MissingChunkException;
import dev.readaloud.render.PlanDocument;
import dev.readaloud.render.PlannedChunk;
import dev.readaloud.render.RenderResult;
import dev.readaloud.render.RenderStore;
import dev.readaloud.render.SynthesizeChunkStep;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StitchHandlerTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";

    @RegisterExtension
    static final HandlerFixture fixture = new HandlerFixture();

    private RenderStore store;
    private StitchHandler handler;

    @BeforeEach
    void newHandler() {
        store = fixture.store();
        store.writeJson(RenderStore.planKey(ID), new PlanDocument("kevin16", 400, 80, 3, 3, List.of(
                new PlannedChunk(0, "One.", 4, "SENTENCE", hash(0)),
                new PlannedChunk(1, "Two.", 4, "PARAGRAPH", hash(1)),
                new PlannedChunk(2, "Three.", 6, "PARAGRAPH", hash(2)))));
        handler = new StitchHandler(fixture.config("STITCH_PAUSE_MS", "100",
                "STITCH_PARAGRAPH_PAUSE_MS", "500", "STITCH_CROSSFADE_MS", "0"), fixture.s3().client());
    }

    @Test
    void stitch_missingChunk_failsNamingItAndWritesNoOutput() {
        putChunk(0, hash(0));
        putChunk(2, hash(2));

        assertThatThrownBy(() -> handler.handleRequest(HandlerFixture.stepEvent("stitch.json"), null))
                .isInstanceOf(MissingChunkException.class)
                .hasMessage("render " + ID + ": 1 of 3 chunks missing, chunk 1");
        assertThat(store.exists(RenderStore.outputKey(ID))).isFalse();
        assertThat(store.exists(RenderStore.resultKey(ID))).isFalse();
    }

    @Test
    void stitch_chunkOfAnotherText_countsAsMissing() {
        putChunk(0, hash(0));
        putChunk(1, "f".repeat(64));
        putChunk(2, hash(2));

        assertThatThrownBy(() -> handler.handleRequest(HandlerFixture.stepEvent("stitch.json"), null))
                .isInstanceOf(MissingChunkException.class)
                .satisfies(e -> assertThat(((MissingChunkException) e).missingIndexes()).containsExactly(1));
        assertThat(store.exists(RenderStore.outputKey(ID))).isFalse();
    }

    /** Needs the stitcher (audio package): the placeholder throws UnsupportedOperationException. */
    @Test
    void stitch_everyChunkThere_writesOutputAndResultWithItsHashAndTimings() throws Exception {
        putChunk(0, hash(0));
        putChunk(1, hash(1));
        putChunk(2, hash(2));

        Map<String, Object> summary = handler.handleRequest(HandlerFixture.stepEvent("stitch.json"), null);

        byte[] output = store.read(RenderStore.outputKey(ID)).orElseThrow();
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(output));
        RenderResult result = store.readJson(RenderStore.resultKey(ID), RenderResult.class).orElseThrow();
        assertThat(result.sha256()).isEqualTo(sha256);
        assertThat(summary).containsEntry("sha256", sha256).containsEntry("chunkCount", 3);
        assertThat(result.bytes()).isEqualTo(output.length);
        assertThat(result.sampleRateHz()).isEqualTo(16_000);
        assertThat(result.chunks()).extracting(c -> c.jobId()).containsExactly("job-0", "job-1", "job-2");
        assertThat(result.chunks()).extracting(c -> c.executionTimeMillis()).containsExactly(1000L, 1001L, 1002L);
        // Three 300 ms chunks of tone, one 100 ms pause and one 500 ms paragraph pause (after the last: none or
        // trailing); trimming keeps a margin, so allow a generous tolerance.
        assertThat(result.durationMillis()).isBetween(900L + 500L, 900L + 100L + 500L + 500L + 200L);
    }

    @Test
    void stitch_outputLongerThanOnePart_isUploadedInPartsAndHashedWhole() throws Exception {
        // 3 x 100 s at 16 kHz mono: about 9.6 MB, two parts of 8 MiB, which S3Proxy, like S3, accepts only
        // if every part but the last has at least 5 MiB.
        putChunk(0, hash(0), 100_000);
        putChunk(1, hash(1), 100_000);
        putChunk(2, hash(2), 100_000);

        Map<String, Object> summary = handler.handleRequest(HandlerFixture.stepEvent("stitch.json"), null);

        byte[] output = store.read(RenderStore.outputKey(ID)).orElseThrow();
        assertThat(output.length).isGreaterThan(8 << 20);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(output));
        RenderResult result = store.readJson(RenderStore.resultKey(ID), RenderResult.class).orElseThrow();
        assertThat(result.sha256()).isEqualTo(sha256);
        assertThat(summary).containsEntry("sha256", sha256);
        assertThat(result.bytes()).isEqualTo(output.length);
        assertThat(WavReader.inspect(output).frames()).isEqualTo((output.length - 80) / 2);
        assertThat(result.durationMillis()).isBetween(300_000L, 300_000L + 100L + 500L);
        assertThat(fixture.s3().client().listMultipartUploads(b -> b.bucket(fixture.bucket())).uploads()).isEmpty();
    }

    private void putChunk(int index, String sha256) {
        putChunk(index, sha256, 300);
    }

    private void putChunk(int index, String sha256, int millis) {
        store.writeChunkWav(RenderStore.chunkKey(ID, index), TestWavs.sine(220 * (index + 1), millis, 16_000), Map.of(
                SynthesizeChunkStep.TEXT_SHA256, sha256,
                SynthesizeChunkStep.JOB_ID, "job-" + index,
                SynthesizeChunkStep.EXECUTION_MS, String.valueOf(1000 + index),
                SynthesizeChunkStep.DELAY_MS, "5",
                SynthesizeChunkStep.WALL_MS, "1200",
                SynthesizeChunkStep.AUDIO_MS, "300",
                SynthesizeChunkStep.ATTEMPT, "0"));
    }

    private static String hash(int index) {
        return String.valueOf((char) ('a' + index)).repeat(64);
    }
}
