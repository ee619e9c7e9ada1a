package dev.readaloud.runpod;

import java.time.Duration;
import java.util.Objects;

/**
 * A job's execution time allowance in proportion to its text, so a stalled job times out after
 * about as long as its own work should take (RunPod's default of 10 minutes would hold a short
 * chunk, and the whole render, ten times longer than needed).
 *
 * @param floor   the least any job gets, whatever its length: at least 5 s (RunPod's minimum
 *                executionTimeout), covering model warm-up on the worker
 * @param perChar added for every character (Unicode code point) of the job's text, 0 or more
 */
public record ExecutionBudget(Duration floor, Duration perChar) {

    /** RunPod refuses an executionTimeout under 5 s. */
    public static final Duration MIN_FLOOR = Duration.ofSeconds(5);

    public ExecutionBudget {
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(perChar, "perChar");
        if (floor.compareTo(MIN_FLOOR) < 0) {
            throw new IllegalArgumentException("execution budget floor must be at least 5 s (RunPod's minimum "
                    + "executionTimeout), got " + floor);
        }
        if (perChar.isNegative()) {
            throw new IllegalArgumentException("execution budget per character must be 0 or more, got " + perChar);
        }
    }

    /** {@code floor + perChar × chars}. */
    public Duration forChars(int chars) {
        return floor.plus(perChar.multipliedBy(Math.max(chars, 0)));
    }
}
