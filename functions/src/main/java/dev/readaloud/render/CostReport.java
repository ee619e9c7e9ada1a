package dev.readaloud.render;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a render cost, as result.json, {@code GET /renders/{id}} and {@code render --json} report it: the billed
 * units of every service it used ({@link Spend}) and their price in USD at {@link #prices}. An estimate from
 * what the render itself counted, at list prices without free tiers: the bill also holds what {@link #basis}
 * names as not counted.
 *
 * @param runpodSeconds     RunPod seconds billed: each job's execution time rounded up to a whole second
 * @param runpodJobs        RunPod jobs, failed and retried ones included
 * @param lambdaGbSeconds   Lambda duration in GB-seconds (ms x MB / 1024 / 1000, to 6 decimals)
 * @param lambdaInvocations Lambda invocations
 * @param stateTransitions  Step Functions state transitions, the parent's and the chunks' child executions'
 * @param s3Requests        S3 requests, both price classes
 * @param s3WriteRequests   S3 PUT, COPY, POST, LIST requests
 * @param s3ReadRequests    S3 GET, HEAD and other requests (DELETE and CANCEL are free and not counted)
 * @param usd               the price of each, in USD
 * @param prices            the prices used
 * @param basis             what is and is not counted, in one sentence a service
 */
public record CostReport(long runpodSeconds, long runpodJobs, double lambdaGbSeconds, long lambdaInvocations,
                         long stateTransitions, long s3Requests, long s3WriteRequests, long s3ReadRequests, Usd usd,
                         Prices prices, String basis) {

    /** USD amounts are rounded to this many decimals (a millionth of a dollar), half up. */
    public static final int USD_DECIMALS = 6;

    public static final String BASIS = "RunPod: each job's executionTime rounded up to whole seconds, failed and "
            + "retried jobs included; worker start-up, idle time and container disk not attributed. Lambda: each "
            + "invocation's duration as the handler measured it (init and restore not seen) x the function's "
            + "memory, plus one request each. Step Functions: every state transition of the render's execution and "
            + "its chunks' child executions, retries included. S3: every request the functions made, retries "
            + "included, and the Map's read of items.json; storage and data transfer not included. The API's own "
            + "calls (POST and GET /renders) and API Gateway are not included. List prices, no free tiers.";

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    /** MB x ms per GB-second: 1024 MB x 1000 ms. */
    private static final BigDecimal MB_MILLIS_PER_GB_SECOND = BigDecimal.valueOf(1_024_000);

    /**
     * What each service cost, in USD, each rounded to {@value #USD_DECIMALS} decimals.
     *
     * @param runpod        RunPod seconds
     * @param lambda        Lambda GB-seconds and requests
     * @param stepFunctions state transitions
     * @param s3            S3 requests
     * @param total         the four added up (as rounded, so the figures shown add up)
     */
    public record Usd(BigDecimal runpod, BigDecimal lambda, BigDecimal stepFunctions, BigDecimal s3,
                      BigDecimal total) {
    }

    /** The report of {@code spend} at {@code prices}. */
    public static CostReport of(Spend spend, Prices prices) {
        BigDecimal runpod = usd(BigDecimal.valueOf(spend.runpodBilledSeconds()).multiply(prices.runpodPerSecond()));
        BigDecimal lambda = usd(BigDecimal.valueOf(spend.lambdaMbMillis()).multiply(prices.lambdaPerGbSecond())
                .divide(MB_MILLIS_PER_GB_SECOND)
                .add(BigDecimal.valueOf(spend.invocations()).multiply(prices.lambdaPerMillionRequests())
                        .divide(MILLION)));
        BigDecimal stepFunctions = usd(BigDecimal.valueOf(spend.stateTransitions())
                .multiply(prices.stateTransitionsPerThousand()).divide(THOUSAND));
        BigDecimal s3 = usd(BigDecimal.valueOf(spend.s3WriteRequests()).multiply(prices.s3WritesPerThousand())
                .add(BigDecimal.valueOf(spend.s3ReadRequests()).multiply(prices.s3ReadsPerThousand()))
                .divide(THOUSAND));
        BigDecimal total = usd(runpod.add(lambda).add(stepFunctions).add(s3));
        double gbSeconds = BigDecimal.valueOf(spend.lambdaMbMillis())
                .divide(MB_MILLIS_PER_GB_SECOND, USD_DECIMALS, RoundingMode.HALF_UP).doubleValue();
        return new CostReport(spend.runpodBilledSeconds(), spend.runpodJobs(), gbSeconds, spend.invocations(),
                spend.stateTransitions(), spend.s3Requests(), spend.s3WriteRequests(), spend.s3ReadRequests(),
                new Usd(runpod, lambda, stepFunctions, s3, total), prices, BASIS);
    }

    /**
     * Rounded to {@value #USD_DECIMALS} decimals, trailing zeros dropped, never in exponent form (0.019, not
     * 0.019000; 100, not 1E+2), so JSON shows it as written.
     */
    private static BigDecimal usd(BigDecimal amount) {
        BigDecimal rounded = amount.setScale(USD_DECIMALS, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    }
}
