package dev.readaloud.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.readaloud.logging.JsonLog;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * RecordFailure (the Catch path): writes failure.json with the error and a readable cause, and
 * returns them for the Fail state. For Lambda errors the cause is the runtime's JSON payload; only
 * its errorMessage (which names the chunk) is kept, never the stack trace.
 */
public final class RecordFailureStep {

    private static final int MAX_CAUSE_CHARS = 2_000;
    /** Errors Step Functions raises itself, as opposed to the ones a task raised. */
    private static final String STATES_ERROR_PREFIX = "States.";

    private final RenderStore store;
    private final Clock clock;
    private final JsonLog log;

    public RecordFailureStep(RenderStore store, Clock clock, JsonLog log) {
        this.store = store;
        this.clock = clock;
        this.log = log;
    }

    public FailureRecord record(FailureRequest request) {
        String error = request.error() == null || request.error().isBlank() ? "States.Unknown" : request.error();
        String cause = request.cause();
        boolean valid = RenderIds.isValid(request.renderId());
        if (valid && error.startsWith(STATES_ERROR_PREFIX)) {
            Optional<ChunkFailure> chunk = firstChunkFailure(request.renderId());
            if (chunk.isPresent()) {
                error = chunk.get().error();
                cause = chunk.get().cause();
            }
        }
        FailureRecord record = new FailureRecord(request.renderId(), error, readableCause(cause),
                clock.instant().toString());
        if (valid) {
            store.writeJson(RenderStore.failureKey(request.renderId()), record);
        }
        log.event("render.failed", "renderId", request.renderId(), "error", error);
        return record;
    }

    /**
     * The chunk given up first, when the Map failed with an error of Step Functions' own
     * ({@code States.ExceedToleratedFailureThreshold} when a Distributed Map's child execution fails):
     * that error names no chunk, the chunk's record does. Earliest first, then the lowest index.
     */
    private Optional<ChunkFailure> firstChunkFailure(String renderId) {
        return store.keys(RenderStore.chunkFailuresPrefix(renderId)).stream()
                .map(key -> store.readJson(key, ChunkFailure.class))
                .flatMap(Optional::stream)
                .filter(failure -> failure.error() != null && !failure.error().isBlank())
                .min(Comparator.comparing(RecordFailureStep::failedAt).thenComparingInt(ChunkFailure::index));
    }

    /** When the chunk was given up; a record without a readable instant sorts last. */
    private static Instant failedAt(ChunkFailure failure) {
        try {
            return Instant.parse(failure.failedAt());
        } catch (RuntimeException e) {
            return Instant.MAX;
        }
    }

    /** The errorMessage of a Lambda error payload, else the cause itself; shortened to a readable size. */
    static String readableCause(String cause) {
        if (cause == null || cause.isBlank()) {
            return "no cause given";
        }
        String readable = cause;
        if (cause.stripLeading().startsWith("{")) {
            try {
                JsonNode payload = RenderJson.MAPPER.readTree(cause);
                if (payload.hasNonNull("errorMessage")) {
                    readable = payload.get("errorMessage").asText();
                }
            } catch (java.io.IOException e) {
                readable = cause;
            }
        }
        return readable.length() <= MAX_CAUSE_CHARS ? readable : readable.substring(0, MAX_CAUSE_CHARS) + "...";
    }
}
