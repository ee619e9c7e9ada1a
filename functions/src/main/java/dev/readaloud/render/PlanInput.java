package dev.readaloud.render;

/** The Plan step's input: the execution input {@code {"renderId", "maxConcurrency"}}. */
public record PlanInput(String renderId, Integer maxConcurrency) {
}
