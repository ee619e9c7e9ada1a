package dev.readaloud.local.statemachine;

/**
 * How the engine treats time.
 *
 * @param timeScale  multiplies every Wait and Retry delay: 0 = no waiting, 1 = real time; >= 0
 * @param jitterSeed seeds the random source of {@code JitterStrategy: FULL} (and States.MathRandom
 *                   without a seed), so tests are repeatable
 */
public record EngineOptions(double timeScale, long jitterSeed) {

    public EngineOptions {
        if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("timeScale must be a finite number >= 0, got " + timeScale);
        }
    }

    /** Real time with a random jitter seed. */
    public static EngineOptions realTime() {
        return new EngineOptions(1.0, System.nanoTime());
    }

    /** No waiting at all (Waits and Retry delays are recorded, not slept), with a fixed seed. */
    public static EngineOptions instant() {
        return new EngineOptions(0.0, 42L);
    }
}
