package dev.readaloud.render;

import dev.readaloud.audio.ChunkLoudness;
import dev.readaloud.audio.LoudnessNormalization;
import dev.readaloud.audio.StitchInput;
import dev.readaloud.audio.StitchResult;
import dev.readaloud.audio.WavStitcher;
import dev.readaloud.logging.JsonLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Stitch: joins the chunk WAVs named by plan.json (never found by listing), in index order, into
 * output.wav, then writes result.json. Every chunk is checked first; the audio then streams
 * straight to S3 in parts ({@link OutputUpload}), with no local file, so the function needs no more
 * than Lambda's default 512 MB of /tmp (SnapStart allows no more) and memory of a few parts
 * whatever the length. output.wav appears only when the whole WAV is uploaded; on any failure
 * the upload is aborted.
 *
 * <p>Loudness: every chunk is brought to the request's {@code loudness} (request.json), else the
 * deployment's LOUDNESS_TARGET, by one constant gain each ({@link LoudnessNormalization}), planned
 * from the loudness SynthesizeChunk stored in each chunk's metadata ({@link ChunkLoudnessMetadata}),
 * which the check of every chunk reads anyway. A chunk stored without it (by a version before the
 * metadata) is measured here first: one more GET of that chunk and 1.5 to 3.5 ms of CPU per 10 s of its
 * audio. output.wav's own loudness is measured as it streams out, in the same pass, and reported in
 * result.json.
 *
 * <p>Cost: result.json reports what the render cost ({@link CostReport}): the {@link Spend} every chunk's
 * SynthesizeChunk stored in the chunk's metadata (read by the same check of every chunk), the Plan's in
 * plan.json's metadata, this invocation's own, and {@link Spend#unseenByFunctions what no function sees}.
 * A chunk or plan without it (written by a version before it was counted) counts zero; one that cannot be read
 * is logged and counts zero too: a cost figure never fails a render.
 */
public final class StitchStep {

    private final RenderConfig config;
    private final RenderStore store;
    private final int partBytes;
    private final Clock clock;
    private final JsonLog log;

    /** S3 writes made after this invocation's spend is read: result.json's PUT. */
    private static final Spend PUT_AFTER_METERING = new Spend(0, 0, 0, 0, 0, 0, 0, 1, 0);

    public StitchStep(RenderConfig config, RenderStore store, Clock clock, JsonLog log) {
        this(config, store, OutputUpload.PART_BYTES, clock, log);
    }

    /** For tests: output parts of {@code partBytes}, smaller than S3 accepts, so several parts stay fast. */
    StitchStep(RenderConfig config, RenderStore store, int partBytes, Clock clock, JsonLog log) {
        this.config = config;
        this.store = store;
        this.partBytes = partBytes;
        this.clock = clock;
        this.log = log;
    }

    /**
     * @param meter this invocation's meter, whose spend goes into the render's cost
     * @throws MissingChunkException naming the chunks that are missing (nothing is written then)
     * @throws RenderNotFoundException when plan.json is missing
     */
    public StitchSummary stitch(StitchRequest request, InvocationMeter meter) {
        long started = System.nanoTime();
        String renderId = RenderIds.require(request.renderId());
        PlanDocument plan = store.readJson(RenderStore.planKey(renderId), PlanDocument.class)
                .orElseThrow(() -> new RenderNotFoundException("render " + renderId + " has no plan.json"));
        List<Map<String, String>> chunkMetadata = checkEveryChunk(renderId, plan);
        LoudnessNormalization loudness = loudness(renderId);

        String outputKey = RenderStore.outputKey(renderId);
        StitchResult stitched;
        OutputUpload upload = new OutputUpload(store, outputKey, partBytes);
        try (upload) {
            stitched = new WavStitcher(config.stitchSettings().withLoudness(loudness), true)
                    .stitch(inputs(renderId, plan, chunkMetadata), upload);
        } catch (IOException e) {
            logFailure(renderId, e, upload);
            throw new UncheckedIOException("render " + renderId + ": stitching failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            logFailure(renderId, e, upload);
            throw e;
        }
        long hashStarted = System.nanoTime();
        String sha256 = sha256(outputKey, stitched.bytes());
        long hashMillis = (System.nanoTime() - hashStarted) / 1_000_000;
        long stitchMillis = (System.nanoTime() - started) / 1_000_000;
        LoudnessReport outputLoudness = LoudnessReport.of(stitched.loudness());
        NormalizationReport normalization = loudness == null ? null
                : NormalizationReport.of(loudness, stitched.normalization(), stitched.chunksMeasured());
        List<ChunkTiming> timings = timings(plan, chunkMetadata, stitched.normalization());
        int reused = (int) timings.stream().filter(ChunkTiming::reused).count();
        Spend total = spentBeforeStitch(renderId, plan, chunkMetadata)
                .plus(meter.spentSoFar()).plus(PUT_AFTER_METERING);
        CostReport cost = CostReport.of(total, config.prices());
        store.writeJson(RenderStore.resultKey(renderId), new RenderResult(renderId, plan.chunkCount(),
                stitched.durationMillis(), stitched.bytes(), stitched.sampleRateHz(), stitched.channels(), sha256,
                stitchMillis, clock.instant().toString(), timings, reused, plan.chunkCount() - reused,
                outputLoudness, normalization, cost));
        log.event("render.stitched", "renderId", renderId, "chunkCount", plan.chunkCount(), "chunksReused", reused,
                "durationMs", stitched.durationMillis(), "bytes", stitched.bytes(), "parts", upload.partsUploaded(),
                "integratedLufs", outputLoudness.integratedLufs(), "truePeakDbtp", outputLoudness.truePeakDbtp(),
                "loudnessTarget", loudness == null ? "off" : loudness.targetLufs(),
                "chunksMeasured", stitched.chunksMeasured(), "hashMs", hashMillis, "ms", stitchMillis,
                "costUsd", cost.usd().total(), "runpodSeconds", cost.runpodSeconds(),
                "lambdaInvocations", cost.lambdaInvocations());
        return new StitchSummary(renderId, plan.chunkCount(), stitched.durationMillis(), stitched.bytes(), sha256,
                outputKey);
    }

    /**
     * The loudness the request asked for, else the deployment's; null for off. A request.json that is missing
     * (renders started by hand) or names no loudness leaves it to the deployment.
     */
    private LoudnessNormalization loudness(String renderId) {
        String requested = store.readJson(RenderStore.requestKey(renderId), RenderRequest.class)
                .map(RenderRequest::loudness).orElse(null);
        if (requested == null) {
            return config.loudness();
        }
        try {
            return LoudnessNormalization.parse(requested);
        } catch (IllegalArgumentException e) {
            // StartRender validated it; a request.json edited by hand is refused here, naming the render.
            throw new InvalidStepInputException("render " + renderId + ": request.json loudness: " + e.getMessage());
        }
    }

    /**
     * What the render spent before this invocation: every chunk's SynthesizeChunk (from the chunks' metadata),
     * the Plan (from plan.json's metadata, one HEAD) and what no function sees.
     */
    private Spend spentBeforeStitch(String renderId, PlanDocument plan, List<Map<String, String>> chunkMetadata) {
        Spend total = Spend.unseenByFunctions(plan.chunkCount());
        for (int index = 0; index < chunkMetadata.size(); index++) {
            total = total.plus(recorded(renderId, RenderStore.chunkKey(renderId, index), chunkMetadata.get(index)));
        }
        String planKey = RenderStore.planKey(renderId);
        return total.plus(recorded(renderId, planKey, store.metadata(planKey).orElse(Map.of())));
    }

    /** The spend an object's metadata records; zero when it has none or, logged, one that cannot be read. */
    private Spend recorded(String renderId, String key, Map<String, String> metadata) {
        String encoded = metadata.get(Spend.METADATA_KEY);
        if (encoded == null) {
            return Spend.ZERO;
        }
        try {
            return Spend.parse(encoded);
        } catch (IllegalArgumentException e) {
            log.event("render.spendUnreadable", "renderId", renderId, "key", key, "error", e.getMessage());
            return Spend.ZERO;
        }
    }

    /** The upload is aborted by now; the parts it had tell how far the stitch got. */
    private void logFailure(String renderId, Exception error, OutputUpload upload) {
        log.event("render.stitchFailed", "renderId", renderId, "error", error.getClass().getName(),
                "partsUploaded", upload.partsUploaded());
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

    private List<StitchInput> inputs(String renderId, PlanDocument plan, List<Map<String, String>> metadata) {
        List<StitchInput> inputs = new ArrayList<>();
        for (PlannedChunk chunk : plan.chunks()) {
            String key = RenderStore.chunkKey(renderId, chunk.index());
            int pause = "PARAGRAPH".equals(chunk.boundary()) ? config.paragraphPauseMillis() : config.pauseMillis();
            inputs.add(new ChunkInput(key, pause, store, ChunkLoudnessMetadata.read(metadata.get(chunk.index()))));
        }
        return inputs;
    }

    private record ChunkInput(String name, int pauseAfterMillis, RenderStore store, ChunkLoudness loudness)
            implements StitchInput {
        @Override
        public InputStream open() {
            return store.open(name);
        }
    }

    private static List<ChunkTiming> timings(PlanDocument plan, List<Map<String, String>> metadata,
                                             LoudnessNormalization.Plan gains) {
        List<ChunkTiming> timings = new ArrayList<>();
        for (PlannedChunk chunk : plan.chunks()) {
            Map<String, String> m = metadata.get(chunk.index());
            // The figures the gains were planned from (measured here for a chunk stored without them).
            ChunkLoudness loudness = gains != null ? gains.chunks().get(chunk.index()) : ChunkLoudnessMetadata.read(m);
            timings.add(new ChunkTiming(chunk.index(), chunk.chars(), m.get(SynthesizeChunkStep.JOB_ID),
                    SynthesizeChunkStep.parseLong(m.get(SynthesizeChunkStep.AUDIO_MS)),
                    SynthesizeChunkStep.parseLong(m.get(SynthesizeChunkStep.DELAY_MS)),
                    SynthesizeChunkStep.parseLong(m.get(SynthesizeChunkStep.EXECUTION_MS)),
                    SynthesizeChunkStep.parseLong(m.get(SynthesizeChunkStep.WALL_MS)),
                    (int) SynthesizeChunkStep.parseLong(m.get(SynthesizeChunkStep.ATTEMPT)),
                    ChunkOutcome.FROM_SHARED.equals(m.get(SynthesizeChunkStep.SOURCE)),
                    loudness == null ? null : LoudnessReport.round(loudness.integratedLufs()),
                    loudness == null ? null : LoudnessReport.round(loudness.truePeakDbtp()),
                    gains == null ? null : LoudnessReport.round(gains.gainDb(chunk.index()))));
        }
        return timings;
    }

    /**
     * The SHA-256 of the object as S3 holds it, read back whole: the header, at the start, is the last
     * thing written, so no digest can run along with the upload. Reading it back also proves the object
     * has every byte the stitcher wrote.
     */
    private String sha256(String key, long expectedBytes) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        long bytes;
        try (InputStream in = new DigestInputStream(store.open(key), digest)) {
            bytes = in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("s3://" + store.bucket() + "/" + key + ": cannot read back: "
                    + e.getMessage(), e);
        }
        if (bytes != expectedBytes) {
            throw new IllegalStateException("s3://" + store.bucket() + "/" + key + " has " + bytes
                    + " bytes, the stitcher wrote " + expectedBytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
