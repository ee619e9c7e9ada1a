package dev.readaloud.local.statemachine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Last heartbeat (System.nanoTime) per live task token, for HeartbeatSeconds. */
final class Heartbeats {

    private static final Map<String, Long> LAST_BEAT = new ConcurrentHashMap<>();

    private Heartbeats() {
    }

    static void register(String token) {
        LAST_BEAT.put(token, System.nanoTime());
    }

    static void unregister(String token) {
        LAST_BEAT.remove(token);
    }

    static void beat(String token) {
        if (token != null) {
            LAST_BEAT.computeIfPresent(token, (key, previous) -> System.nanoTime());
        }
    }

    static long lastBeatNanos(String token) {
        Long last = LAST_BEAT.get(token);
        return last == null ? System.nanoTime() : last;
    }
}
