package dev.readaloud.local.worker;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Which failures the local worker injects, as probabilities.
 *
 * <p>Spec: {@code rate-limit=0.3,job-failure=0.2,stall=0.1,bad-audio=0,oversize=0,webhook-loss=0,retry-after=1s},
 * every key optional. {@code rate-limit} is drawn per HTTP request (429 with Retry-After
 * {@code retry-after}, whole seconds on the wire). {@code webhook-loss} is drawn once per job, on
 * its own: the job runs as drawn below, but its webhook (if it named one) is never delivered, as if
 * lost in transit. The others are drawn once per job and are exclusive, so they must sum to at
 * most 1:
 * <ul>
 *   <li>{@code job-failure}: the worker dies halfway through: FAILED with an error;</li>
 *   <li>{@code stall}: the job stays IN_PROGRESS, like a dead worker, until its executionTimeout
 *       turns it TIMED_OUT;</li>
 *   <li>{@code bad-audio}: COMPLETED with bytes that are not a WAV;</li>
 *   <li>{@code oversize}: COMPLETED without output, as RunPod does with results too large to keep.</li>
 * </ul>
 * Draws come from the worker's seed: a job's fault and its webhook's loss (separate streams) from
 * its text and how many jobs that text had before, a rate limit from the request's sequence number,
 * so a run is repeatable whatever order concurrent jobs arrive in.
 */
public record FaultPlan(double rateLimit, double jobFailure, double stall, double badAudio, double oversize,
                        double webhookLoss, Duration retryAfter) {

    private static final Set<String> KEYS = Set.of("rate-limit", "job-failure", "stall", "bad-audio", "oversize",
            "webhook-loss", "retry-after");

    /** No faults. */
    public static final FaultPlan NONE = new FaultPlan(0, 0, 0, 0, 0, 0, Duration.ofSeconds(1));

    /** What happens to one job. */
    public enum JobFault { NONE, FAILURE, STALL, BAD_AUDIO, OVERSIZE }

    public FaultPlan {
        for (double p : new double[] {rateLimit, jobFailure, stall, badAudio, oversize, webhookLoss}) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("fault probabilities must be in 0..1, got " + p);
            }
        }
        double perJob = jobFailure + stall + badAudio + oversize;
        if (perJob > 1 + 1e-9) {
            throw new IllegalArgumentException("faults spec: job-failure + stall + bad-audio + oversize = " + perJob
                    + ", but a job has one fate: the sum must be at most 1");
        }
        if (retryAfter == null || retryAfter.isNegative()) {
            throw new IllegalArgumentException("faults spec: retry-after must be a duration >= 0");
        }
    }

    /** Parses a spec such as {@code rate-limit=0.3,job-failure=0.2}; blank means {@link #NONE}. */
    public static FaultPlan parse(String spec) {
        Map<String, String> values = Specs.split("faults", spec, KEYS);
        return new FaultPlan(
                p(values, "rate-limit"), p(values, "job-failure"), p(values, "stall"), p(values, "bad-audio"),
                p(values, "oversize"), p(values, "webhook-loss"),
                values.containsKey("retry-after")
                        ? Specs.duration("faults", "retry-after", values.get("retry-after")) : Duration.ofSeconds(1));
    }

    /** The fate of a job, from one uniform draw in [0, 1). */
    public JobFault jobFault(double uniform) {
        double edge = jobFailure;
        if (uniform < edge) {
            return JobFault.FAILURE;
        }
        edge += stall;
        if (uniform < edge) {
            return JobFault.STALL;
        }
        edge += badAudio;
        if (uniform < edge) {
            return JobFault.BAD_AUDIO;
        }
        edge += oversize;
        if (uniform < edge) {
            return JobFault.OVERSIZE;
        }
        return JobFault.NONE;
    }

    /** Whether a job's webhook is lost, from one uniform draw in [0, 1) of its own. */
    public boolean webhookLost(double uniform) {
        return uniform < webhookLoss;
    }

    private static double p(Map<String, String> values, String key) {
        return values.containsKey(key) ? Specs.probability("faults", key, values.get(key)) : 0;
    }
}
