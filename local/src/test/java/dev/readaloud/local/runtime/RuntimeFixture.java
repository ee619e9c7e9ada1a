package dev.readaloud.local.runtime;

import dev.readaloud.local.worker.WorkerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** Local runtimes for end-to-end tests: the synthetic voice, small chunks, no waiting between retries. */
final class RuntimeFixture {

    static final Path DEFINITION = Path.of(System.getProperty("readaloud.home", ".."), "statemachine", "render.asl.json");

    private static final String[] WORDS = ("the light keeper rose early and climbed the stairs to polish a great lens "
            + "while storms came one after another and the supply boat missed three crossings in a row so he "
            + "rationed coffee then tea and finally patience yet every night at dusk the lamp was lit").split(" ");

    private RuntimeFixture() {
    }

    /** A worker with the synthetic voice and {@code workers} workers, no latency, no faults. */
    static WorkerOptions worker(int workers) {
        return WorkerOptions.defaults().withVoice("synthetic").withWorkers(workers);
    }

    /** Starts a runtime keeping its files under {@code data}; chunks of at most 120 characters. */
    static LocalRuntime start(Path data, WorkerOptions worker) throws IOException {
        return start(data, worker, Duration.ofMinutes(2), Map.of());
    }

    static LocalRuntime start(Path data, WorkerOptions worker, Duration chunkTimeout, Map<String, String> extraEnv)
            throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("MAX_CONCURRENCY", "8");
        env.put("VOICE", "synthetic");
        env.put("CHUNK_MAX_CHARS", "120");
        env.put("CHUNK_MIN_CHARS", "20");
        env.putAll(extraEnv);
        return LocalRuntime.start(new LocalRuntimeOptions(data, DEFINITION, worker, null, env, 0, 7, chunkTimeout));
    }

    /** A reading of {@code sentences} sentences, different for each seed, in paragraphs of four. */
    static String reading(long seed, int sentences) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int s = 0; s < sentences; s++) {
            int words = 6 + random.nextInt(10);
            for (int w = 0; w < words; w++) {
                String word = WORDS[random.nextInt(WORDS.length)];
                text.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
                text.append(w == words - 1 ? ". " : w % 5 == 4 ? ", " : " ");
            }
            if (s % 4 == 3) {
                text.append("\n\n");
            }
        }
        return text.toString().strip();
    }

    static LocalRender.Outcome render(LocalRuntime runtime, String text, int concurrency, Path output)
            throws IOException, InterruptedException {
        return LocalRender.render(runtime, new LocalRender.Request(text, "synthetic", concurrency, 0, 0), output,
                timeline -> { });
    }
}
