package dev.readaloud.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.readaloud.audio.LoudnessMeasurement;
import dev.readaloud.audio.LoudnessMeter;
import dev.readaloud.render.ChunkLoudnessMetadata;
import dev.readaloud.render.LoudnessReport;
import dev.readaloud.render.RenderResult;
import dev.readaloud.render.RenderStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loudness through a whole render: SynthesizeChunk stores each chunk's loudness as S3 metadata, the
 * stitch plans its gains from it, and result.json reports output.wav's loudness, measured as it
 * streamed to S3; the request's "loudness" overrides the deployment's LoudnessTarget.
 */
@Timeout(120)
class LoudnessRenderTest {

    private static final String TEXT = RuntimeFixture.reading(5, 12);

    @TempDir
    Path temp;

    @Test
    void render_storesChunkLoudness_normalizesToTheTarget_andReportsTheOutput() throws Exception {
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("data"), RuntimeFixture.worker(4))) {
            LocalRender.Outcome outcome = LocalRender.render(runtime,
                    new LocalRender.Request(TEXT, "synthetic", 3, 0, 0, -1, true, "-20"), temp.resolve("out.wav"), t -> { });

            RenderResult result = outcome.result();
            for (int i = 0; i < result.chunkCount(); i++) {
                String key = RenderStore.chunkKey(outcome.renderId(), i);
                Map<String, String> metadata = runtime.s3Client().headObject(b -> b.bucket(LocalRuntime.BUCKET).key(key))
                        .metadata();
                byte[] chunk = runtime.s3Client().getObjectAsBytes(b -> b.bucket(LocalRuntime.BUCKET).key(key))
                        .asByteArray();
                // Stored as measured on the stored bytes, to the last bit.
                assertThat(ChunkLoudnessMetadata.read(metadata))
                        .isEqualTo(LoudnessMeter.measure(chunk).chunkLoudness());
            }
            assertThat(result.normalization().targetLufs()).isEqualTo(-20.0);
            assertThat(result.normalization().chunksMeasured()).isZero();
            LoudnessMeasurement output = LoudnessMeter.measure(Files.readAllBytes(outcome.output()));
            assertThat(result.loudness()).isEqualTo(LoudnessReport.of(output));
            assertThat(output.integratedLufs()).isCloseTo(result.normalization().levelLufs(), within(1.0));
            assertThat(output.truePeakDbtp()).isLessThanOrEqualTo(-3.0);
            assertThat(result.chunks()).allSatisfy(chunk -> assertThat(chunk.gainDb()).isNotNull());
        }
    }

    @Test
    void render_withLoudnessOff_keepsTheChunksLevels_andIsAnotherRender() throws Exception {
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("data"), RuntimeFixture.worker(4))) {
            LocalRender.Outcome normalized = LocalRender.render(runtime,
                    new LocalRender.Request(TEXT, "synthetic", 3, 0, 0), temp.resolve("default.wav"), t -> { });
            LocalRender.Outcome off = LocalRender.render(runtime,
                    new LocalRender.Request(TEXT, "synthetic", 3, 0, 0, -1, true, "off"), temp.resolve("off.wav"), t -> { });

            assertThat(off.renderId()).isNotEqualTo(normalized.renderId());
            assertThat(normalized.result().normalization().targetLufs()).isEqualTo(-18.0);
            assertThat(off.result().normalization()).isNull();
            assertThat(off.result().chunks()).allSatisfy(chunk -> assertThat(chunk.gainDb()).isNull());
            assertThat(off.result().loudness()).isNotNull();
            assertThat(off.result().durationMillis()).isEqualTo(normalized.result().durationMillis());
            assertThat(off.result().sha256()).isNotEqualTo(normalized.result().sha256());
        }
    }
}
