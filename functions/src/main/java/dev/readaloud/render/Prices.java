package dev.readaloud.render;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * What each billed unit of a render costs, in US dollars, as {@link CostReport} prices a {@link Spend}. The
 * defaults are the public list prices in us-east-1 without free tiers, savings plans or volume tiers; a
 * deployment elsewhere, on other GPUs or with a discount sets its own (template.yaml's Price* parameters).
 *
 * @param runpodPerSecond             USD per billed second of a RunPod serverless flex worker; default 0.00019,
 *                                    the 24 GB class (L4, A5000, 3090), https://docs.runpod.io/serverless/pricing
 * @param lambdaPerGbSecond           USD per GB-second of Lambda duration; default 0.0000133334, Arm (the
 *                                    functions' architecture in template.yaml; x86 is 0.0000166667), first
 *                                    tier, https://aws.amazon.com/lambda/pricing/
 * @param lambdaPerMillionRequests    USD per million Lambda invocations; default 0.20,
 *                                    https://aws.amazon.com/lambda/pricing/
 * @param stateTransitionsPerThousand USD per thousand Step Functions Standard state transitions; default 0.025,
 *                                    https://aws.amazon.com/step-functions/pricing/
 * @param s3WritesPerThousand         USD per thousand S3 Standard PUT, COPY, POST, LIST requests; default 0.005,
 *                                    https://aws.amazon.com/s3/pricing/
 * @param s3ReadsPerThousand          USD per thousand S3 Standard GET, SELECT and all other requests; default
 *                                    0.0004, https://aws.amazon.com/s3/pricing/
 */
public record Prices(BigDecimal runpodPerSecond, BigDecimal lambdaPerGbSecond, BigDecimal lambdaPerMillionRequests,
                     BigDecimal stateTransitionsPerThousand, BigDecimal s3WritesPerThousand,
                     BigDecimal s3ReadsPerThousand) {

    public static final String RUNPOD_PER_SECOND = "PRICE_RUNPOD_PER_SECOND";
    public static final String LAMBDA_PER_GB_SECOND = "PRICE_LAMBDA_PER_GB_SECOND";
    public static final String LAMBDA_PER_MILLION_REQUESTS = "PRICE_LAMBDA_PER_MILLION_REQUESTS";
    public static final String STATE_TRANSITIONS_PER_THOUSAND = "PRICE_STATE_TRANSITIONS_PER_THOUSAND";
    public static final String S3_WRITES_PER_THOUSAND = "PRICE_S3_WRITES_PER_THOUSAND";
    public static final String S3_READS_PER_THOUSAND = "PRICE_S3_READS_PER_THOUSAND";

    /** The list prices named above. */
    public static final Prices DEFAULTS = new Prices(new BigDecimal("0.00019"), new BigDecimal("0.0000133334"),
            new BigDecimal("0.20"), new BigDecimal("0.025"), new BigDecimal("0.005"), new BigDecimal("0.0004"));

    public Prices {
        Objects.requireNonNull(runpodPerSecond, "runpodPerSecond");
        Objects.requireNonNull(lambdaPerGbSecond, "lambdaPerGbSecond");
        Objects.requireNonNull(lambdaPerMillionRequests, "lambdaPerMillionRequests");
        Objects.requireNonNull(stateTransitionsPerThousand, "stateTransitionsPerThousand");
        Objects.requireNonNull(s3WritesPerThousand, "s3WritesPerThousand");
        Objects.requireNonNull(s3ReadsPerThousand, "s3ReadsPerThousand");
    }

    /**
     * Reads PRICE_RUNPOD_PER_SECOND, PRICE_LAMBDA_PER_GB_SECOND, PRICE_LAMBDA_PER_MILLION_REQUESTS,
     * PRICE_STATE_TRANSITIONS_PER_THOUSAND, PRICE_S3_WRITES_PER_THOUSAND and PRICE_S3_READS_PER_THOUSAND, each
     * a plain decimal of 0 or more in USD, each {@link #DEFAULTS} when unset or blank.
     *
     * @throws ConfigurationException naming the variable whose value is not a decimal of 0 or more
     */
    public static Prices fromEnvironment(Map<String, String> env) {
        EnvironmentVariables vars = new EnvironmentVariables(env);
        return new Prices(
                vars.nonNegativeDecimal(RUNPOD_PER_SECOND, DEFAULTS.runpodPerSecond),
                vars.nonNegativeDecimal(LAMBDA_PER_GB_SECOND, DEFAULTS.lambdaPerGbSecond),
                vars.nonNegativeDecimal(LAMBDA_PER_MILLION_REQUESTS, DEFAULTS.lambdaPerMillionRequests),
                vars.nonNegativeDecimal(STATE_TRANSITIONS_PER_THOUSAND, DEFAULTS.stateTransitionsPerThousand),
                vars.nonNegativeDecimal(S3_WRITES_PER_THOUSAND, DEFAULTS.s3WritesPerThousand),
                vars.nonNegativeDecimal(S3_READS_PER_THOUSAND, DEFAULTS.s3ReadsPerThousand));
    }
}
