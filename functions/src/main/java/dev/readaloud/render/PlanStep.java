package dev.readaloud.render;

import dev.readaloud.logging.JsonLog;
import dev.readaloud.text.Chunk;
import dev.readaloud.text.ChunkPlan;
import dev.readaloud.text.ChunkPlanner;
import dev.readaloud.text.ChunkSettings;
import java.util.List;

/**
 * Plan: reads request.json, cuts the text into chunks and writes plan.json, and items.json for the
 * Distributed Map (one {@code {"index": n}} a chunk). The plan depends only
 * on the text, the voice and the chunk settings, never on the concurrency the render runs at.
 *
 * <p>What the invocation spent travels as plan.json's S3 user metadata ({@link Spend#METADATA_KEY}), not in
 * its bytes, which stay the same for the same text; the Stitch adds it to the render's cost.
 */
public final class PlanStep {

    private final RenderConfig config;
    private final RenderStore store;
    private final JsonLog log;

    public PlanStep(RenderConfig config, RenderStore store, JsonLog log) {
        this.config = config;
        this.store = store;
        this.log = log;
    }

    /** S3 writes made after the spend is read: plan.json's own PUT and items.json's. */
    private static final Spend PUTS_AFTER_METERING = new Spend(0, 0, 0, 0, 0, 0, 0, 2, 0);

    /**
     * @param meter the invocation's meter, whose spend plan.json records
     * @throws RenderNotFoundException when request.json is missing
     * @throws dev.readaloud.text.InvalidTextException when the text cannot be planned
     */
    public PlanResult plan(PlanInput input, InvocationMeter meter) {
        long started = System.nanoTime();
        String renderId = RenderIds.require(input.renderId());
        RenderRequest request = store.readJson(RenderStore.requestKey(renderId), RenderRequest.class)
                .orElseThrow(() -> new RenderNotFoundException("render " + renderId + " has no request.json"));
        ChunkSettings settings = new ChunkSettings(request.maxChars(), request.minChars(), request.planWidth());
        ChunkPlan plan = ChunkPlanner.plan(request.text(), settings);
        List<PlannedChunk> chunks = plan.chunks().stream()
                .map(chunk -> planned(chunk, request.voice(), settings))
                .toList();
        // A render run again after a failure starts with no chunk given up: RecordFailure must not name
        // a chunk of an earlier run. Swept before plan.json is written, so the spend plan.json records has it.
        store.keys(RenderStore.chunkFailuresPrefix(renderId)).forEach(store::delete);
        store.writeJson(RenderStore.planKey(renderId),
                new PlanDocument(request.voice(), settings.maxChars(), settings.minChars(), settings.planWidth(),
                        chunks.size(), chunks, request.reuse()),
                GetRenderStep.planMetadata(chunks.size(), meter.spentSoFar().plus(PUTS_AFTER_METERING)));
        // The Map's items, written after plan.json: a chunk step that reads plan.json never finds it missing.
        String itemsKey = RenderStore.itemsKey(renderId);
        store.writeJson(itemsKey, chunks.stream().map(chunk -> new PlanResult.Item(chunk.index())).toList());
        int maxConcurrency = concurrency(input.maxConcurrency(), request.concurrency());
        log.event("render.planned", "renderId", renderId, "chunkCount", chunks.size(),
                "maxConcurrency", maxConcurrency, "waitMode", config.waitMode().wireName(),
                "ms", (System.nanoTime() - started) / 1_000_000);
        return new PlanResult(renderId, chunks.size(), new PlanResult.Items(store.bucket(), itemsKey), maxConcurrency,
                config.waitMode().wireName(), (int) config.callbackTimeout().toSeconds());
    }

    /** The hash a chunk's WAV carries: voice, chunk settings and text. */
    public static String chunkHash(String voice, ChunkSettings settings, String text) {
        return RenderIds.sha256Hex(String.join("\u0000", "v1", voice, String.valueOf(settings.maxChars()),
                String.valueOf(settings.minChars()), String.valueOf(settings.planWidth()), text));
    }

    private static PlannedChunk planned(Chunk chunk, String voice, ChunkSettings settings) {
        return new PlannedChunk(chunk.index(), chunk.text(), chunk.chars(), chunk.boundary().name(),
                chunkHash(voice, settings, chunk.text()));
    }

    /** The requested concurrency, never above the deployment's MaxConcurrency, at least 1. */
    private int concurrency(Integer fromInput, int fromRequest) {
        int requested = fromInput != null ? fromInput : fromRequest;
        return Math.max(1, Math.min(requested, config.maxConcurrency()));
    }
}
