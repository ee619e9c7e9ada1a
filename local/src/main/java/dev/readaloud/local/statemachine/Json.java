package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;

final class Json {
    private Json() { }
    static JsonNode parseDefinition(String text) {
        throw new UnsupportedOperationException("not built yet");
    }
}
