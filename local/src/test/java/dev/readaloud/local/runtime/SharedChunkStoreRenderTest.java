package dev.readaloud.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders that share chunks through the content-addressed chunk store: the real state machine, handlers,
 * S3Proxy and the local worker (synthetic voice), the worker's job count saying what was paid for.
 */
@Timeout(180)
class SharedChunkStoreRenderTest {

    private static final String TEXT = RuntimeFixture.reading(3, 16);

    @TempDir
    Path temp;

    @Test
    void aSecondRenderOfTheSameText_copiesEveryChunk_submitsNoJob_andGivesTheSameBytes() throws Exception {
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("data"), RuntimeFixture.worker(4))) {
            LocalRender.Outcome first = RuntimeFixture.render(runtime, TEXT, 3, temp.resolve("first.wav"));
            long jobsAfterFirst = runtime.worker().stats().jobsSubmitted();
            // Another concurrency: another request, so another render, with the same plan.
            LocalRender.Outcome second = RuntimeFixture.render(runtime, TEXT, 2, temp.resolve("second.wav"));

            assertThat(second.renderId()).isNotEqualTo(first.renderId());
            assertThat(first.result().chunksReused()).isZero();
            assertThat(first.result().chunksSynthesized()).isEqualTo(first.result().chunkCount());
            assertThat(second.result().chunksReused()).isEqualTo(second.result().chunkCount());
            assertThat(second.result().chunksSynthesized()).isZero();
            assertThat(runtime.worker().stats().jobsSubmitted()).isEqualTo(jobsAfterFirst);
            assertThat(Files.readAllBytes(second.output())).isEqualTo(Files.readAllBytes(first.output()));
            assertThat(second.result().chunks()).allSatisfy(chunk -> {
                assertThat(chunk.reused()).isTrue();
                assertThat(chunk.executionTimeMillis()).isZero();
            });
        }
    }

    @Test
    void aRenderAskingForEveryChunkNew_submitsAJobPerChunk_evenWhenTheStoreHoldsThemAll() throws Exception {
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("data"), RuntimeFixture.worker(4))) {
            LocalRender.Outcome first = RuntimeFixture.render(runtime, TEXT, 3, temp.resolve("first.wav"));
            long jobsAfterFirst = runtime.worker().stats().jobsSubmitted();

            LocalRender.Outcome fresh = LocalRender.render(runtime,
                    new LocalRender.Request(TEXT, "synthetic", 3, 0, 0, -1, false, null), temp.resolve("fresh.wav"), t -> { });

            assertThat(fresh.renderId()).as("asking for new chunks is another request").isNotEqualTo(first.renderId());
            assertThat(fresh.result().chunksReused()).isZero();
            assertThat(runtime.worker().stats().jobsSubmitted() - jobsAfterFirst).isEqualTo(fresh.result().chunkCount());
            assertThat(Files.readAllBytes(fresh.output())).isEqualTo(Files.readAllBytes(first.output()));
        }
    }

    @Test
    void concurrentRendersOfOverlappingTexts_eachMatchAFreshRenderInAnEmptyStore() throws Exception {
        List<String> texts = List.of(TEXT, TEXT + "\n\n" + RuntimeFixture.reading(4, 8),
                RuntimeFixture.reading(4, 8) + "\n\n" + TEXT);
        List<byte[]> alone = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("alone-" + i), RuntimeFixture.worker(4))) {
                alone.add(Files.readAllBytes(RuntimeFixture.render(runtime, texts.get(i), 3,
                        temp.resolve("alone-" + i + ".wav")).output()));
            }
        }
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("shared"), RuntimeFixture.worker(8));
             ExecutorService pool = Executors.newFixedThreadPool(texts.size())) {
            List<Future<LocalRender.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                int n = i;
                outcomes.add(pool.submit(() -> RuntimeFixture.render(runtime, texts.get(n), 3,
                        temp.resolve("together-" + n + ".wav"))));
            }
            for (int i = 0; i < texts.size(); i++) {
                assertThat(Files.readAllBytes(outcomes.get(i).get().output())).as("text " + i).isEqualTo(alone.get(i));
            }
        }
    }
}
