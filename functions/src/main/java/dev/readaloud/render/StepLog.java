package dev.readaloud.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Structured log lines: one JSON object per line with an {@code event} name and fields such as
 * renderId, index, attempt and timings. Callers never pass a reading's text or a secret.
 */
public final class StepLog {

    private final Consumer<String> sink;

    /** @param sink receives one JSON line per event (Lambda: stdout, which the runtime forwards) */
    public StepLog(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Logs to standard output. */
    public static StepLog standardOutput() {
        return new StepLog(System.out::println);
    }

    /** Discards everything. */
    public static StepLog discarding() {
        return new StepLog(line -> { });
    }

    /** Writes {@code {"event": event, ...fields}}; fields in the order given, nulls dropped. */
    public void event(String event, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keysAndValues must come in pairs");
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", event);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                line.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
            }
        }
        try {
            sink.accept(RenderJson.MAPPER.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            sink.accept("{\"event\":\"" + event + "\",\"logError\":\"unserializable fields\"}");
        }
    }
}
