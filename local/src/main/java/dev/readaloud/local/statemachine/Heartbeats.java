package dev.readaloud.local.statemachine;

final class Heartbeats {
    private Heartbeats() { }
    static void beat(String token) { }
}
