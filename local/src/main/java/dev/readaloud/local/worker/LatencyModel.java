package dev.readaloud.local.worker;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How long the local worker takes on one job, like a GPU worker would: {@code base + perChar * chars},
 * spread by a jitter, plus a cold start before a worker's first job.
 *
 * <p>Spec: {@code base=200ms,per-char=2ms,jitter=0,cold-start=0}, every key optional. Durations take
 * {@code ms}, {@code s} or {@code m}. {@code jitter} is either a fraction ({@code jitter=0.1}: the
 * duration is scaled by a uniform factor in [0.9, 1.1]) or a duration ({@code jitter=50ms}: a
 * uniform offset in [-50 ms, +50 ms]); never below zero. {@code cold-start} delays each worker
 * thread's first job while it stays IN_QUEUE, so it counts in delayTime as on RunPod.
 *
 * @param base          fixed time per job
 * @param perChar       added time per character of {@code input.text}
 * @param jitterFraction relative spread, 0..1 (0 when jitterFixed is used)
 * @param jitterFixed   absolute spread (zero when jitterFraction is used)
 * @param coldStart     extra delay before each worker's first job
 */
public record LatencyModel(Duration base, Duration perChar, double jitterFraction, Duration jitterFixed,
                           Duration coldStart) {

    private static final Set<String> KEYS = Set.of("base", "per-char", "jitter", "cold-start");

    /** No modeled latency at all: jobs take as long as their synthesis. */
    public static final LatencyModel NONE = new LatencyModel(Duration.ZERO, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO);

    public LatencyModel {
        if (base.isNegative() || perChar.isNegative() || jitterFixed.isNegative() || coldStart.isNegative()) {
            throw new IllegalArgumentException("latency durations must not be negative");
        }
        if (!(jitterFraction >= 0 && jitterFraction <= 1)) {
            throw new IllegalArgumentException("latency jitter fraction must be in 0..1, got " + jitterFraction);
        }
    }

    /** Parses a spec such as {@code base=200ms,per-char=2ms,jitter=0.1}; blank means {@link #NONE}. */
    public static LatencyModel parse(String spec) {
        Map<String, String> values = Specs.split("latency", spec, KEYS);
        Duration base = values.containsKey("base") ? Specs.duration("latency", "base", values.get("base")) : Duration.ZERO;
        Duration perChar = values.containsKey("per-char")
                ? Specs.duration("latency", "per-char", values.get("per-char")) : Duration.ZERO;
        Duration coldStart = values.containsKey("cold-start")
                ? Specs.duration("latency", "cold-start", values.get("cold-start")) : Duration.ZERO;
        double fraction = 0;
        Duration fixed = Duration.ZERO;
        String jitter = values.get("jitter");
        if (jitter != null) {
            if (Character.isDigit(jitter.charAt(jitter.length() - 1))) {
                fraction = Specs.probability("latency", "jitter", jitter);
            } else {
                fixed = Specs.duration("latency", "jitter", jitter);
            }
        }
        return new LatencyModel(base, perChar, fraction, fixed, coldStart);
    }

    /**
     * The modeled duration of a job of {@code chars} characters.
     *
     * @param uniform a uniform draw in [0, 1) from the job's seeded randomness
     */
    public Duration duration(int chars, double uniform) {
        long nanos = base.toNanos() + perChar.toNanos() * chars;
        double spread = 2 * uniform - 1; // [-1, 1)
        if (jitterFraction > 0) {
            nanos = Math.round(nanos * (1 + jitterFraction * spread));
        } else if (!jitterFixed.isZero()) {
            nanos = nanos + Math.round(jitterFixed.toNanos() * spread);
        }
        return Duration.ofNanos(Math.max(0, nanos));
    }
}
