package dev.readaloud.local.runtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.readaloud.local.statemachine.ExecutionResult;
import dev.readaloud.render.RenderResult;
import dev.readaloud.render.RenderStore;
import dev.readaloud.render.ChunkTiming;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * One render on the local runtime, started exactly as the HTTP API starts it (the StartRender
 * handler with an Idempotency-Key), run by the local engine, and copied out of the embedded S3.
 * The key is derived from the request, so running the same request again resumes the same render
 * and regenerates only the chunks that are missing.
 */
public final class LocalRender {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long PROGRESS_POLL_MILLIS = 200;

    private LocalRender() {
    }

    /**
     * What to render.
     *
     * @param text        the reading
     * @param voice       the voice, or null for the configured default
     * @param concurrency chunks in flight at once (1 = sequential)
     * @param maxChars    most characters per chunk, or 0 for the configured default
     * @param planWidth   the chunk count is a multiple of this, or 0 for the configured default
     * @param minChars    fewest characters per chunk, or -1 for the configured default
     * @param reuse       whether chunks may be copied from the shared chunk store (false: every chunk new)
     * @param loudness    the request's "loudness": a target in LUFS ("-16") or "off"; null for the configured default
     */
    public record Request(String text, String voice, int concurrency, int maxChars, int planWidth, int minChars,
                          boolean reuse, String loudness) {

        /** A request with the configured min chars and loudness that reuses chunks from the shared store. */
        public Request(String text, String voice, int concurrency, int maxChars, int planWidth) {
            this(text, voice, concurrency, maxChars, planWidth, -1, true, null);
        }
    }

    /**
     * A finished render.
     *
     * @param renderId  the render (execution) id
     * @param output    where output.wav was copied
     * @param result    result.json
     * @param timeline  what the execution history says about the chunks
     * @param wallMillis from the start request to the output being copied
     */
    public record Outcome(String renderId, Path output, RenderResult result, RenderTimeline timeline, long wallMillis) {
    }

    /**
     * Renders {@code request} into {@code output} (written aside and renamed, so a failed render
     * leaves nothing there), calling {@code progress} as chunks finish.
     *
     * @throws RenderFailedException when the API refuses the request or the execution fails
     */
    public static Outcome render(LocalRuntime runtime, Request request, Path output, Consumer<RenderTimeline> progress)
            throws IOException, InterruptedException {
        long startNanos = System.nanoTime();
        String body = requestBody(request);
        APIGatewayV2HTTPResponse response = runtime.startRenderHandler().handleRequest(
                HttpEvents.request("POST", "/renders", Map.of("idempotency-key", idempotencyKey(body)), body, null),
                HttpEvents.context(runtime.startRenderFunction()));
        JsonNode answer = MAPPER.readTree(response.getBody());
        if (response.getStatusCode() >= 300) {
            throw new RenderFailedException(null, "render request refused (" + response.getStatusCode() + "): "
                    + answer.path("error").asText());
        }
        String renderId = answer.path("renderId").asText();
        ExecutionResult execution = awaitWithProgress(runtime, renderId, progress);
        if (execution != null && !execution.succeeded()) {
            throw new RenderFailedException(renderId, execution.error() + ": " + causeMessage(execution.cause()));
        }
        RenderResult result = MAPPER.readValue(read(runtime, RenderStore.resultKey(renderId)), RenderResult.class);
        copyOut(runtime, RenderStore.outputKey(renderId), output);
        RenderTimeline timeline = RenderTimeline.of(runtime.histories().of(renderId),
                runtime.histories().children(renderId), workerTimes(result));
        progress.accept(timeline);
        return new Outcome(renderId, output, result, timeline, (System.nanoTime() - startNanos) / 1_000_000);
    }

    private static ExecutionResult awaitWithProgress(LocalRuntime runtime, String renderId,
                                                     Consumer<RenderTimeline> progress) throws InterruptedException {
        LocalRenderLauncher launcher = runtime.launcher();
        if (!launcher.started(renderId)) {
            return null; // an earlier run of the same request already finished it
        }
        while (!launcher.finished(renderId)) {
            progress.accept(RenderTimeline.of(runtime.histories().of(renderId),
                    runtime.histories().children(renderId), Map.of()));
            Thread.sleep(PROGRESS_POLL_MILLIS);
        }
        return launcher.await(renderId);
    }

    private static String requestBody(Request request) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("text", request.text());
        if (request.voice() != null) {
            body.put("voice", request.voice());
        }
        body.put("concurrency", request.concurrency());
        if (request.maxChars() > 0) {
            body.put("maxChars", request.maxChars());
        }
        if (!request.reuse()) {
            body.put("reuse", false);
        }
        if (request.planWidth() > 0) {
            body.put("planWidth", request.planWidth());
        }
        if (request.minChars() >= 0) {
            body.put("minChars", request.minChars());
        }
        if (request.loudness() != null) {
            // "off" as the string, a target as the number the API takes; absent, the key stays what it was.
            if (request.loudness().strip().equalsIgnoreCase("off")) {
                body.put("loudness", "off");
            } else {
                body.put("loudness", Double.parseDouble(request.loudness().strip()));
            }
        }
        return body.toString();
    }

    /** Same request, same key: a repeated run resumes the render instead of starting another. */
    private static String idempotencyKey(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return "local-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Map<Integer, long[]> workerTimes(RenderResult result) {
        Map<Integer, long[]> times = new HashMap<>();
        for (ChunkTiming chunk : result.chunks()) {
            times.put(chunk.index(), new long[] {Math.max(0, chunk.delayTimeMillis()), Math.max(0, chunk.executionTimeMillis())});
        }
        return times;
    }

    /** The errorMessage of a Lambda error payload, or the cause as it is. */
    static String causeMessage(String cause) {
        if (cause == null) {
            return "(no cause)";
        }
        try {
            JsonNode payload = MAPPER.readTree(cause);
            if (payload.hasNonNull("errorMessage")) {
                return payload.get("errorMessage").asText();
            }
        } catch (IOException e) {
            // Not JSON: the cause is plain text.
        }
        return cause;
    }

    private static byte[] read(LocalRuntime runtime, String key) {
        ResponseBytes<GetObjectResponse> bytes = runtime.s3Client().getObjectAsBytes(
                GetObjectRequest.builder().bucket(LocalRuntime.BUCKET).key(key).build());
        return bytes.asByteArray();
    }

    private static void copyOut(LocalRuntime runtime, String key, Path output) throws IOException {
        Path absolute = output.toAbsolutePath();
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        try (InputStream in = runtime.s3Client().getObject(
                GetObjectRequest.builder().bucket(LocalRuntime.BUCKET).key(key).build())) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
