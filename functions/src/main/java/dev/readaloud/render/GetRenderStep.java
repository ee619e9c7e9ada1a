package dev.readaloud.render;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@code GET /renders/{id}}: the render's state, progress and, once done, a short-lived audio URL, the
 * output's loudness and the render's cost (from result.json).
 */
public final class GetRenderStep {

    /** User metadata on plan.json, so progress needs no read of the whole plan. */
    static final String CHUNK_COUNT_METADATA = "chunk-count";

    private final RenderConfig config;
    private final RenderStore store;
    private final S3Presigner presigner;
    private final RenderLauncher launcher;

    public GetRenderStep(RenderConfig config, RenderStore store, S3Presigner presigner, RenderLauncher launcher) {
        this.config = config;
        this.store = store;
        this.presigner = presigner;
        this.launcher = launcher;
    }

    /** The render's view, or empty when no render has that id (including ids of the wrong shape). */
    public Optional<RenderView> view(String renderId) {
        if (!RenderIds.isValid(renderId) || !store.exists(RenderStore.requestKey(renderId))) {
            return Optional.empty();
        }
        RenderStatus status = launcher.status(renderId);
        int chunksTotal = store.metadata(RenderStore.planKey(renderId))
                .map(metadata -> parseCount(metadata.get(CHUNK_COUNT_METADATA)))
                .orElse(0);
        Optional<RenderResult> result = status.state() == RenderState.SUCCEEDED
                ? store.readJson(RenderStore.resultKey(renderId), RenderResult.class)
                : Optional.empty();
        int chunksDone = result.isPresent() ? chunksTotal
                : Math.min(chunksTotal, store.count(RenderStore.chunksPrefix(renderId)));
        String audioUrl = result.map(r -> presign(renderId)).orElse(null);
        Long durationMs = result.map(RenderResult::durationMillis).orElse(null);
        LoudnessReport loudness = result.map(RenderResult::loudness).orElse(null);
        String error = status.state() == RenderState.FAILED ? error(renderId, status) : null;
        return Optional.of(new RenderView(renderId, status.state().name(),
                new RenderView.Progress(chunksDone, chunksTotal, result.map(RenderResult::chunksReused).orElse(null),
                        result.map(RenderResult::chunksSynthesized).orElse(null)), audioUrl, durationMs, loudness, error,
                result.map(RenderResult::cost).orElse(null)));
    }

    private String presign(String renderId) {
        return presigner.presignGetObject(p -> p
                        .signatureDuration(config.audioUrlTtl())
                        .getObjectRequest(g -> g.bucket(store.bucket()).key(RenderStore.outputKey(renderId))))
                .url().toString();
    }

    private String error(String renderId, RenderStatus status) {
        Optional<FailureRecord> failure = store.readJson(RenderStore.failureKey(renderId), FailureRecord.class);
        if (failure.isPresent()) {
            return failure.get().error() + ": " + failure.get().cause();
        }
        if (status.error() != null) {
            return status.cause() == null ? status.error() : status.error() + ": " + status.cause();
        }
        return "the render failed";
    }

    private static int parseCount(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** plan.json's metadata: the chunk count, and what the Plan invocation spent ({@link Spend#encode}). */
    static Map<String, String> planMetadata(int chunkCount, Spend planSpend) {
        return Map.of(CHUNK_COUNT_METADATA, String.valueOf(chunkCount), Spend.METADATA_KEY, planSpend.encode());
    }
}
