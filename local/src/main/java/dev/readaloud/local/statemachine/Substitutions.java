package dev.readaloud.local.statemachine;

import java.util.Map;

final class Substitutions {
    private Substitutions() { }
    static String apply(String text, Map<String, String> substitutions) {
        throw new UnsupportedOperationException("not built yet");
    }
}
