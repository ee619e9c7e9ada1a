package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

final class LambdaInvoker {
    LambdaInvoker(Object handler, String functionName, Duration timeout) { }
    JsonNode invoke(JsonNode input, TaskContext context) throws TaskFailedException {
        throw new UnsupportedOperationException("not built yet");
    }
}
