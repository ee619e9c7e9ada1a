package dev.readaloud.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readaloud.render.ChunkTiming;
import dev.readaloud.render.ExecutionLimits;
import dev.readaloud.render.PlanDocument;
import dev.readaloud.render.RenderJson;
import dev.readaloud.render.RenderStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A render whose plan one inline Map could not run: more chunks than fit one execution's 25,000 history
 * events at seven events a chunk. render.asl.json runs them as the Distributed Map's child executions,
 * which the local engine runs with the limits AWS enforces. Tiny chunks of the synthetic voice keep it quick.
 */
@Timeout(600)
class AudiobookScaleRenderTest {

    /** History events one chunk took in the inline Map: MapIterationStarted ... MapIterationSucceeded. */
    private static final int INLINE_EVENTS_PER_CHUNK = 7;

    @TempDir
    Path temp;

    @Test
    void aPlanTooLargeForOneInlineExecution_rendersEveryChunkInOrder_asChildExecutions() throws Exception {
        int sentences = ExecutionLimits.HISTORY_EVENT_LIMIT / INLINE_EVENTS_PER_CHUNK + 100;
        // One-word sentences of 12 characters: two never fit a chunk of 20, and a word is never cut, so
        // every sentence is a chunk of its own.
        StringBuilder text = new StringBuilder();
        for (int s = 0; s < sentences; s++) {
            text.append(s % 2 == 0 ? "Lanternslit. " : "Tidesturned. ");
        }
        Map<String, String> env = Map.of("CHUNK_MAX_CHARS", "20", "CHUNK_MIN_CHARS", "0",
                "MAX_CONCURRENCY", "8");
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("data"), RuntimeFixture.worker(8),
                Duration.ofMinutes(2), env)) {
            LocalRender.Outcome outcome = RuntimeFixture.render(runtime, text.toString().strip(), 8,
                    temp.resolve("long.wav"));

            int chunks = outcome.result().chunkCount();
            assertThat(chunks).as("more chunks than one inline execution's history holds")
                    .isGreaterThan(ExecutionLimits.HISTORY_EVENT_LIMIT / INLINE_EVENTS_PER_CHUNK);
            PlanDocument plan = RenderJson.MAPPER.readValue(runtime.s3().client().getObjectAsBytes(b -> b
                    .bucket(LocalRuntime.BUCKET).key(RenderStore.planKey(outcome.renderId()))).asByteArray(),
                    PlanDocument.class);
            assertThat(plan.chunkCount()).isEqualTo(chunks);
            assertThat(outcome.timeline().spans()).hasSize(chunks);
            assertThat(outcome.result().chunks()).extracting(ChunkTiming::index)
                    .containsExactlyElementsOf(IntStream.range(0, chunks).boxed().toList());
            assertThat(Files.size(outcome.output())).isEqualTo(outcome.result().bytes());
            assertThat(outcome.result().durationMillis()).isGreaterThan(chunks * 300L);
        }
    }
}
