package dev.readaloud.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.readaloud.logging.JsonLog;
import java.time.Clock;

/**
 * RecordFailure (the Catch path): writes failure.json with the error and a readable cause, and
 * returns them for the Fail state. For Lambda errors the cause is the runtime's JSON payload; only
 * its errorMessage (which names the chunk) is kept, never the stack trace.
 */
public final class RecordFailureStep {

    private static final int MAX_CAUSE_CHARS = 2_000;

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
        FailureRecord record = new FailureRecord(request.renderId(), error, readableCause(request.cause()),
                clock.instant().toString());
        if (RenderIds.isValid(request.renderId())) {
            store.writeJson(RenderStore.failureKey(request.renderId()), record);
        }
        log.event("render.failed", "renderId", request.renderId(), "error", error);
        return record;
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
