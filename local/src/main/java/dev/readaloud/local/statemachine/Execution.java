package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;

final class Execution {
    Execution(Definition.Machine machine, String name, JsonNode input, ExecutionListener listener,
              TaskResolver resolver, EngineOptions options, EngineClock clock) { }
    ExecutionResult run() {
        throw new UnsupportedOperationException("not built yet");
    }
}
