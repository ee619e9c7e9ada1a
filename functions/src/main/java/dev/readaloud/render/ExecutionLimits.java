package dev.readaloud.render;

/**
 * The largest render one deployment runs, so POST /renders refuses a bigger one before anything is
 * written, started or paid for; and the Step Functions limits render.asl.json is built around.
 *
 * <p>AWS caps one execution's history at {@value #HISTORY_EVENT_LIMIT} events and any state's input,
 * output or result at {@value #PAYLOAD_LIMIT_BYTES} bytes. The chunks run as a Distributed Map: one
 * child execution per chunk, each with a history of its own, so neither limit grows with the plan:
 * <ul>
 *   <li>The render's own history holds Plan, the Map's few Map Run events and Stitch, whatever the
 *       chunk count.</li>
 *   <li>A child's history holds one chunk: {@value #CHILD_EVENTS_PER_ATTEMPT} events an attempt
 *       (LambdaFunctionScheduled, ...Started, ...Succeeded or ...Failed), so even a chunk that spends every
 *       retry render.asl.json allows stays in the hundreds of events (RenderDefinitionTest checks it
 *       against the definition's retriers).</li>
 *   <li>The plan's items are read from S3 by the Map's ItemReader, never carried in a payload; the Map's
 *       result is one {@code {}} per child ({@value #CHILD_RESULT_BYTES} bytes with its comma), discarded:
 *       {@value #MAX_CHUNKS} chunks make 30 KB of it, an eighth of the payload limit.</li>
 * </ul>
 * What does grow with the plan is the stitch: one Lambda joins every chunk in its 15 minutes. At
 * {@value #MAX_CHUNKS} chunks of the default 400 characters (about 25 s of speech each) that is some 70
 * hours of audio, 12 GB at 24 kHz 16-bit mono, written as RF64 past 4 GiB: the limit is the stitch's.
 * Extrapolated from the stitch measured on one machine (docs/BENCHMARKS.md, "Audiobook scale") that is
 * about 11 minutes, inside the 15 but not by much; stitching groups of chunks in parallel and joining
 * them in S3 would lift it.
 */
public final class ExecutionLimits {

    /** Step Functions' hard limit on one standard execution's history, in events. */
    public static final int HISTORY_EVENT_LIMIT = 25_000;
    /** Step Functions' limit on a state's input, output or result, and on an execution's input: 256 KiB. */
    public static final int PAYLOAD_LIMIT_BYTES = 256 * 1024;
    /** History events one attempt of a Lambda task adds. */
    public static final int CHILD_EVENTS_PER_ATTEMPT = 3;
    /** History events of a child execution besides its attempts: started, the states entered and exited, the end. */
    public static final int CHILD_FIXED_EVENTS = 8;
    /** Bytes one child execution's output ({@code {}}) and its comma take in the Map's result array. */
    public static final int CHILD_RESULT_BYTES = 3;
    /** The most chunks one render may have. */
    public static final int MAX_CHUNKS = 10_000;

    private ExecutionLimits() {
    }
}
