package dev.readaloud.runpod;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One JSON line per job event (Lambda's JSON log shape: timestamp, level, message, fields).
 * Callers pass only ids, statuses, timings and counts: never a text or a key.
 */
public final class JobLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<String> sink;

    public JobLog(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Writes to {@code System.err}, which Lambda sends to CloudWatch. */
    public static JobLog toStderr() {
        return new JobLog(System.err::println);
    }

    /** Drops every line. */
    public static JobLog silent() {
        return new JobLog(line -> { });
    }

    void info(String message, Map<String, Object> fields) {
        emit("INFO", message, fields);
    }

    void warn(String message, Map<String, Object> fields) {
        emit("WARN", message, fields);
    }

    private void emit(String level, String message, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("logger", "dev.readaloud.runpod");
        line.put("message", message);
        fields.forEach((key, value) -> {
            if (value != null) {
                line.put(key, value);
            }
        });
        try {
            sink.accept(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            sink.accept("{\"level\":\"WARN\",\"message\":\"unloggable runpod event\"}");
        }
    }
}
