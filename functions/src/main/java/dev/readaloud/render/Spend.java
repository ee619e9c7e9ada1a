package dev.readaloud.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What part of a render cost, counted in the units each service bills, never in money: {@link CostReport}
 * prices it. Parts add up ({@link #plus}): each function invocation meters its own ({@link InvocationMeter}),
 * a chunk's travels as S3 user metadata of its WAV ({@link #METADATA_KEY}), the Plan's in plan.json, and the
 * Stitch adds them all into result.json. Every count is 0 or more.
 *
 * @param invocations           Lambda invocations (Lambda bills each request)
 * @param lambdaMillis          the invocations' billed durations added up, in milliseconds, each rounded up to
 *                              a whole millisecond as Lambda bills it
 * @param lambdaMbMillis        each invocation's billed duration (ms) times its function's configured memory
 *                              (MB), added up: exact, so {@link #lambdaGbSeconds} needs no per-function memory
 * @param runpodJobs            RunPod jobs that ran, failed and retried ones included
 * @param runpodBilledSeconds   the jobs' execution times, each rounded up to a whole second (RunPod bills per
 *                              second, partial seconds rounded up: https://docs.runpod.io/serverless/pricing),
 *                              added up
 * @param runpodExecutionMillis the jobs' execution times as RunPod reported them, in milliseconds, added up
 * @param stateTransitions      Step Functions state transitions (Standard workflows bill each state entered,
 *                              retries included)
 * @param s3WriteRequests       S3 requests of the "PUT, COPY, POST, LIST" price class: PutObject, CopyObject,
 *                              the multipart calls, ListObjectsV2 ... every HTTP attempt, retries included
 * @param s3ReadRequests        S3 requests of the "GET, SELECT and all other" price class: GetObject,
 *                              HeadObject ... every attempt. DELETE and CANCEL (AbortMultipartUpload) requests
 *                              are free and counted in neither class
 */
public record Spend(long invocations, long lambdaMillis, long lambdaMbMillis, long runpodJobs,
                    long runpodBilledSeconds, long runpodExecutionMillis, long stateTransitions,
                    long s3WriteRequests, long s3ReadRequests) {

    /** The S3 user-metadata key (x-amz-meta-spend) a chunk WAV carries its {@link #encode encoded} spend under. */
    public static final String METADATA_KEY = "spend";

    /** Nothing spent. */
    public static final Spend ZERO = new Spend(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The components in the order {@link #encode} writes them, which is the order {@link #parse} wants. */
    private static final List<String> FIELDS = List.of("invocations", "lambdaMillis", "lambdaMbMillis", "runpodJobs",
            "runpodBilledSeconds", "runpodExecutionMillis", "stateTransitions", "s3WriteRequests", "s3ReadRequests");

    /** Refuses what a lenient reader would let through: a repeated field, anything after the object. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public Spend {
        long[] values = {invocations, lambdaMillis, lambdaMbMillis, runpodJobs, runpodBilledSeconds,
                runpodExecutionMillis, stateTransitions, s3WriteRequests, s3ReadRequests};
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0) {
                throw new IllegalArgumentException("spend " + FIELDS.get(i) + " must be 0 or more, got " + values[i]);
            }
        }
    }

    /**
     * What a render spends that no function sees, so none of them meters it: Step Functions state transitions
     * of states that are not Lambda tasks and the Distributed Map's own read of its items.
     * <ul>
     *   <li>{@code 2 + chunkCount} state transitions: the parent's Map state and its final Succeed state, and the
     *       Choice state that starts each chunk's child execution (the Plan, SynthesizeChunk and Stitch tasks and
     *       their retries are metered by the functions themselves);</li>
     *   <li>1 S3 read: the Map's ItemReader GET of items.json.</li>
     * </ul>
     * A render that failed spends differently (Catch and Fail states) and writes no result.json, so this is
     * only the successful path.
     *
     * @param chunkCount the render's chunks (0 or more)
     */
    public static Spend unseenByFunctions(int chunkCount) {
        if (chunkCount < 0) {
            throw new IllegalArgumentException("chunkCount must be 0 or more, got " + chunkCount);
        }
        return new Spend(0, 0, 0, 0, 0, 0, 2L + chunkCount, 0, 1);
    }

    /** This and {@code other}, added up. */
    public Spend plus(Spend other) {
        return new Spend(Math.addExact(invocations, other.invocations),
                Math.addExact(lambdaMillis, other.lambdaMillis),
                Math.addExact(lambdaMbMillis, other.lambdaMbMillis),
                Math.addExact(runpodJobs, other.runpodJobs),
                Math.addExact(runpodBilledSeconds, other.runpodBilledSeconds),
                Math.addExact(runpodExecutionMillis, other.runpodExecutionMillis),
                Math.addExact(stateTransitions, other.stateTransitions),
                Math.addExact(s3WriteRequests, other.s3WriteRequests),
                Math.addExact(s3ReadRequests, other.s3ReadRequests));
    }

    /**
     * This and one more RunPod job that ran {@code executionMillis} (its executionTime as RunPod reports it):
     * billed as that time rounded up to whole seconds.
     */
    public Spend plusRunPodJob(long executionMillis) {
        if (executionMillis < 0) {
            throw new IllegalArgumentException("executionMillis must be 0 or more, got " + executionMillis);
        }
        long billedSeconds = executionMillis / 1000 + (executionMillis % 1000 == 0 ? 0 : 1);
        return plus(new Spend(0, 0, 0, 1, billedSeconds, executionMillis, 0, 0, 0));
    }

    /** The Lambda duration in GB-seconds, as Lambda prices it: MB x ms / 1024 / 1000. */
    public double lambdaGbSeconds() {
        return lambdaMbMillis / 1024.0 / 1000.0;
    }

    /** S3 requests of both price classes. */
    public long s3Requests() {
        return s3WriteRequests + s3ReadRequests;
    }

    /**
     * One line of US-ASCII for an S3 user-metadata value: compact JSON with every component, in a fixed order,
     * e.g. {@code {"invocations":1,"lambdaMillis":812,...}}, some 200 bytes of S3's 2 KB of user metadata.
     */
    public String encode() {
        long[] values = values();
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < FIELDS.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(FIELDS.get(i)).append("\":").append(values[i]);
        }
        return json.append('}').toString();
    }

    /**
     * Reads what {@link #encode} wrote: a JSON object with exactly the components, each an integer of 0 or more.
     *
     * @throws IllegalArgumentException naming what is wrong: not JSON, not an object, a missing, unknown or
     *                                  repeated component, or a value that is not a non-negative integer
     */
    public static Spend parse(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalArgumentException("spend is empty");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(encoded);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("spend is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("spend must be a JSON object, got " + (node == null ? "nothing"
                    : node.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            String name = fields.next().getKey();
            if (!FIELDS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("spend has unknown field(s) " + unknown + "; expected " + FIELDS);
        }
        long[] values = new long[FIELDS.size()];
        for (int i = 0; i < FIELDS.size(); i++) {
            String name = FIELDS.get(i);
            JsonNode value = node.get(name);
            if (value == null) {
                throw new IllegalArgumentException("spend has no " + name);
            }
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
                throw new IllegalArgumentException("spend " + name + " must be an integer of 0 or more, got " + value);
            }
            values[i] = value.asLong();
        }
        return new Spend(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7],
                values[8]);
    }

    private long[] values() {
        return new long[] {invocations, lambdaMillis, lambdaMbMillis, runpodJobs, runpodBilledSeconds,
                runpodExecutionMillis, stateTransitions, s3WriteRequests, s3ReadRequests};
    }
}
