package dev.readaloud.render;

import dev.readaloud.audio.StitchInput;
import dev.readaloud.audio.StitchResult;
import dev.readaloud.audio.WavStitcher;
import dev.readaloud.logging.JsonLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Stitch: joins the chunk WAVs named by plan.json (never found by listing), in index order, into
 * output.wav, then writes result.json. Every chunk is checked first, the audio streams through a
 * temporary file, and output.wav is uploaded only when the whole file is complete.
 */
public final class StitchStep {

    private final RenderConfig config;
    private final RenderStore store;
    private final Path workDirectory;
    private final Clock clock;
    private final JsonLog log;

    /** @param workDirectory where the temporary output is written (Lambda: /tmp) */
    public StitchStep(RenderConfig config, RenderStore store, Path workDirectory, Clock clock, JsonLog log) {
        this.config = config;
        this.store = store;
        this.workDirectory = workDirectory;
        this.clock = clock;
        this.log = log;
    }

    /**
     * @throws MissingChunkException naming the chunks that are missing (nothing is written then)
     * @throws RenderNotFoundException when plan.json is missing
     */
    public StitchSummary stitch(StitchRequest request) {
        long started = System.nanoTime();
        String renderId = RenderIds.require(request.renderId());
        PlanDocument plan = store.readJson(RenderStore.planKey(renderId), PlanDocument.class)
                .orElseThrow(() -> new RenderNotFoundException("render " + renderId + " has no plan.json"));
        List<Map<String, String>> chunkMetadata = checkEveryChunk(renderId, plan);

        Path directory = null;
        try {
            directory = Files.createTempDirectory(workDirectory, "stitch-" + renderId + "-");
            Path output = directory.resolve("output.wav");
            StitchResult stitched = new WavStitcher(config.stitchSettings()).stitch(inputs(renderId, plan), output);
            String sha256 = sha256(output);
            String outputKey = RenderStore.outputKey(renderId);
            store.uploadWav(outputKey, output, Map.of("sha256", sha256));
            long stitchMillis = (System.nanoTime() - started) / 1_000_000;
            store.writeJson(RenderStore.resultKey(renderId), new RenderResult(renderId, plan.chunkCount(),
                    stitched.durationMillis(), stitched.bytes(), stitched.sampleRateHz(), stitched.channels(), sha256,
                    stitchMillis, clock.instant().toString(), timings(plan, chunkMetadata)));
            log.event("render.stitched", "renderId", renderId, "chunkCount", plan.chunkCount(),
                    "durationMs", stitched.durationMillis(), "bytes", stitched.bytes(), "ms", stitchMillis);
            return new StitchSummary(renderId, plan.chunkCount(), stitched.durationMillis(), stitched.bytes(), sha256,
                    outputKey);
        } catch (IOException e) {
            throw new UncheckedIOException("render " + renderId + ": stitching failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(directory);
        }
    }

    private List<Map<String, String>> checkEveryChunk(String renderId, PlanDocument plan) {
        List<Map<String, String>> metadata = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        for (PlannedChunk chunk : plan.chunks()) {
            Map<String, String> found = store.metadata(RenderStore.chunkKey(renderId, chunk.index())).orElse(null);
            // A chunk with another hash is audio of another text: as good as missing.
            if (found == null || !chunk.sha256().equals(found.get(SynthesizeChunkStep.TEXT_SHA256))) {
                missing.add(chunk.index());
            }
            metadata.add(found == null ? Map.of() : found);
        }
        if (!missing.isEmpty()) {
            log.event("render.chunksMissing", "renderId", renderId, "missing", missing.size(),
                    "first", missing.getFirst());
            throw new MissingChunkException(renderId, missing, plan.chunkCount());
        }
        return metadata;
    }

    private List<StitchInput> inputs(String renderId, PlanDocument plan) {
        List<StitchInput> inputs = new ArrayList<>();
        for (PlannedChunk chunk : plan.chunks()) {
            String key = RenderStore.chunkKey(renderId, chunk.index());
            int pause = "PARAGRAPH".equals(chunk.boundary()) ? config.paragraphPauseMillis() : config.pauseMillis();
            inputs.add(new ChunkInput(key, pause, store));
        }
        return inputs;
    }

    private record ChunkInput(String name, int pauseAfterMillis, RenderStore store) implements StitchInput {
        @Override
        public InputStream open() {
            return store.open(name);
        }
    }

    private static List<ChunkTiming> timings(PlanDocument plan, List<Map<String, String>> metadata) {
        List<ChunkTiming> timings = new ArrayList<>();
        for (PlannedChunk chunk : plan.chunks()) {
            Map<String, String> m = metadata.get(chunk.index());
            timings.add(new ChunkTiming(chunk.index(), chunk.chars(), m.get(SynthesizeChunkStep.JOB_ID),
                    SynthesizeChunkStep.parseLong(m.get(SynthesizeChunkStep.AUDIO_MS)),
                    SynthesizeChunkStep.parseLong(m.get(SynthesizeChunkStep.DELAY_MS)),
                    SynthesizeChunkStep.parseLong(m.get(SynthesizeChunkStep.EXECUTION_MS)),
                    SynthesizeChunkStep.parseLong(m.get(SynthesizeChunkStep.WALL_MS)),
                    (int) SynthesizeChunkStep.parseLong(m.get(SynthesizeChunkStep.ATTEMPT))));
        }
        return timings;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A leftover in /tmp is freed when the container is recycled; it must not hide the result.
        }
    }
}
