package dev.readaloud.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Structured log lines, one JSON object per line, handed to a sink (Lambda forwards stdout and
 * stderr to CloudWatch). Two shapes:
 * <ul>
 *   <li>{@link #event}: {@code {"event": name, ...fields}}, keys sorted, for the render steps;</li>
 *   <li>{@link #info}/{@link #warn}: {@code {"timestamp","level","logger","message", ...fields}},
 *       Lambda's JSON log shape, fields in the order given, for the RunPod client.</li>
 * </ul>
 * Null field values are dropped. Callers pass ids, statuses, counts and timings: never a
 * reading's text and never a secret.
 */
public final class JsonLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<String> sink;

    /** @param sink receives one JSON line per call */
    public JsonLog(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Writes to {@code System.out}. */
    public static JsonLog standardOutput() {
        return new JsonLog(System.out::println);
    }

    /** Writes to {@code System.err}. */
    public static JsonLog standardError() {
        return new JsonLog(System.err::println);
    }

    /** Drops every line. */
    public static JsonLog discarding() {
        return new JsonLog(line -> { });
    }

    /** Writes {@code {"event": event, ...fields}} with the keys in alphabetical order. */
    public void event(String event, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keysAndValues must come in pairs");
        }
        Map<String, Object> line = new TreeMap<>();
        line.put("event", event);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                line.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
            }
        }
        try {
            sink.accept(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            sink.accept("{\"event\":\"" + event + "\",\"logError\":\"unserializable fields\"}");
        }
    }

    /** Writes an INFO line from {@code logger} (a package name such as {@code dev.readaloud.runpod}). */
    public void info(String logger, String message, Map<String, ?> fields) {
        emit("INFO", logger, message, fields);
    }

    /** Writes a WARN line from {@code logger} (a package name such as {@code dev.readaloud.runpod}). */
    public void warn(String logger, String message, Map<String, ?> fields) {
        emit("WARN", logger, message, fields);
    }

    private void emit(String level, String logger, String message, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("logger", logger);
        line.put("message", message);
        fields.forEach((key, value) -> {
            if (value != null) {
                line.put(key, value);
            }
        });
        try {
            sink.accept(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            sink.accept("{\"level\":\"WARN\",\"message\":\"unloggable "
                    + logger.substring(logger.lastIndexOf('.') + 1) + " event\"}");
        }
    }
}
