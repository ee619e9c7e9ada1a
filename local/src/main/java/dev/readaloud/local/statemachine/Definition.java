package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

final class Definition {
    private Definition() { }
    record Machine(String startAt, Map<String, String> taskResources, List<String> stateNames) { }
    static Machine parse(JsonNode root) {
        throw new UnsupportedOperationException("not built yet");
    }
}
