package dev.readaloud.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLogTest {

    private final List<String> lines = new ArrayList<>();
    private final JsonLog log = new JsonLog(lines::add);

    @Test
    void event_writesOneLineWithSortedKeysAndDropsNulls() {
        log.event("chunk.synthesized", "renderId", "r1", "index", 2, "attempt", 1, "jobId", null, "resumed", false);

        assertThat(lines).containsExactly(
                "{\"attempt\":1,\"event\":\"chunk.synthesized\",\"index\":2,\"renderId\":\"r1\",\"resumed\":false}");
    }

    @Test
    void event_unpairedFields_areRejected() {
        assertThatThrownBy(() -> log.event("render.failed", "renderId"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keysAndValues must come in pairs");
        assertThat(lines).isEmpty();
    }

    @Test
    void infoAndWarn_writeLambdaShapedLinesWithFieldsInTheirOrder() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("jobId", "job-1");
        fields.put("status", null);
        fields.put("elapsedMs", 12L);

        log.info("dev.readaloud.runpod", "runpod job submitted", fields);
        log.warn("dev.readaloud.runpod", "runpod job failed", Map.of("jobId", "job-1"));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\{\"timestamp\":\"[^\"]+\",\"level\":\"INFO\","
                + "\"logger\":\"dev\\.readaloud\\.runpod\",\"message\":\"runpod job submitted\","
                + "\"jobId\":\"job-1\",\"elapsedMs\":12}");
        assertThat(lines.get(1)).contains("\"level\":\"WARN\"", "\"message\":\"runpod job failed\"");
    }
}
