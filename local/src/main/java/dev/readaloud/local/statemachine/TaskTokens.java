package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The task tokens of every running task attempt in this process, and the SendTaskSuccess,
 * SendTaskFailure and SendTaskHeartbeat rules that apply to them. Thread-safe: tasks of several
 * executions (Parallel branches, Map iterations, Distributed Map children) register and end
 * concurrently while callers on other threads send callbacks.
 *
 * <p>A token is 32 random bytes from {@link SecureRandom} followed by their HMAC-SHA256 under a key
 * drawn once per process, in URL-safe base64 (86 characters). The random part makes it
 * unguessable; the MAC tells a token this process issued (whose task may have ended: TaskTimedOut)
 * from a malformed or forged one (InvalidToken) without remembering ended tasks, as AWS tells them
 * apart by decrypting its tokens.
 */
final class TaskTokens {

    private static final int ID_BYTES = 32;
    private static final int MAC_BYTES = 32;
    private static final String MAC_ALGORITHM = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SecretKeySpec KEY;
    private static final Map<String, Task> LIVE = new ConcurrentHashMap<>();
    /** SendTaskSuccess output, in UTF-8 bytes (the API's length constraint on {@code output}). */
    static final int MAX_OUTPUT_BYTES = 262_144;
    /** SendTaskFailure's length constraints on {@code error} and {@code cause}, in characters. */
    static final int MAX_ERROR_LENGTH = 256;
    static final int MAX_CAUSE_LENGTH = 32_768;

    static {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        KEY = new SecretKeySpec(key, MAC_ALGORITHM);
    }

    private TaskTokens() {
    }

    /** What a callback said: SendTaskSuccess's output or SendTaskFailure's error and cause. */
    sealed interface Outcome {
        record Succeeded(JsonNode output) implements Outcome {
        }

        record Failed(String error, String cause) implements Outcome {
        }

        /** The task ended otherwise (timed out, its function failed, the execution stopped). */
        record Closed() implements Outcome {
        }
    }

    /**
     * One task attempt's token while the attempt runs. Open from the moment the attempt starts, so a
     * callback that arrives before the function's invocation returns is kept.
     */
    static final class Task implements AutoCloseable {
        private final String token;
        private final boolean waitsForCallback;
        /** The first of: a callback, or {@link Outcome.Closed}. Completed once, so a token is accepted once. */
        private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        private volatile long lastBeatNanos = System.nanoTime();

        private Task(String token, boolean waitsForCallback) {
            this.token = token;
            this.waitsForCallback = waitsForCallback;
        }

        String token() {
            return token;
        }

        /** Completes with the callback's outcome, or {@link Outcome.Closed} once {@link #close} ran. */
        CompletableFuture<Outcome> outcome() {
            return outcome;
        }

        /** System.nanoTime of the task's start or its latest heartbeat. */
        long lastBeatNanos() {
            return lastBeatNanos;
        }

        /**
         * Ends the token: later callbacks get TaskTimedOut.
         *
         * @return false when a callback came first (its outcome is in {@link #outcome()})
         */
        boolean closeUnlessCallbackArrived() {
            boolean closed = outcome.complete(new Outcome.Closed());
            LIVE.remove(token, this);
            return closed;
        }

        @Override
        public void close() {
            closeUnlessCallbackArrived();
        }
    }

    /**
     * Issues a token for one task attempt and makes it live.
     *
     * @param waitsForCallback whether SendTaskSuccess and SendTaskFailure apply (a
     *                         {@code .waitForTaskToken} task); any task takes heartbeats
     */
    static Task open(boolean waitsForCallback) {
        Task task = new Task(mint(), waitsForCallback);
        LIVE.put(task.token, task);
        return task;
    }

    static void succeed(String token, String outputJson) {
        if (outputJson == null) {
            throw new TaskTokenException(TaskTokenException.VALIDATION,
                    "1 validation error detected: Value null at 'output' failed to satisfy constraint: Member must not be null");
        }
        checkOutputSize(outputJson.getBytes(StandardCharsets.UTF_8).length);
        JsonNode output;
        try {
            output = Json.parse(outputJson, "the output");
        } catch (IllegalArgumentException e) {
            throw new TaskTokenException(TaskTokenException.INVALID_OUTPUT, "Invalid Output: '" + e.getMessage() + "'");
        }
        if (output.isMissingNode()) {
            throw new TaskTokenException(TaskTokenException.INVALID_OUTPUT, "Invalid Output: 'the output is empty, not JSON'");
        }
        complete(token, new Outcome.Succeeded(output));
    }

    static void succeed(String token, JsonNode output) {
        if (output == null || output.isMissingNode()) {
            throw new TaskTokenException(TaskTokenException.VALIDATION,
                    "1 validation error detected: Value null at 'output' failed to satisfy constraint: Member must not be null");
        }
        checkOutputSize(Json.sizeInBytes(output));
        complete(token, new Outcome.Succeeded(output.deepCopy()));
    }

    static void fail(String token, String error, String cause) {
        if (error != null && error.length() > MAX_ERROR_LENGTH) {
            throw new TaskTokenException(TaskTokenException.VALIDATION, "1 validation error detected: Value at 'error' failed to "
                    + "satisfy constraint: Member must have length less than or equal to " + MAX_ERROR_LENGTH);
        }
        if (cause != null && cause.length() > MAX_CAUSE_LENGTH) {
            throw new TaskTokenException(TaskTokenException.VALIDATION, "1 validation error detected: Value at 'cause' failed to "
                    + "satisfy constraint: Member must have length less than or equal to " + MAX_CAUSE_LENGTH);
        }
        complete(token, new Outcome.Failed(error == null ? "" : error, cause == null ? "" : cause));
    }

    static void heartbeat(String token) {
        Task task = live(token);
        if (task.waitsForCallback && task.outcome.isDone()) {
            throw closed();
        }
        task.lastBeatNanos = System.nanoTime();
    }

    private static void complete(String token, Outcome outcome) {
        Task task = live(token);
        if (!task.waitsForCallback) {
            throw new TaskTokenException(TaskTokenException.INVALID_TOKEN, "Invalid Token: 'the task of this token does not wait for"
                    + " a callback: its Resource is not arn:aws:states:::lambda:invoke.waitForTaskToken (it takes heartbeats only)'");
        }
        if (!task.outcome.complete(outcome)) {
            throw closed();
        }
    }

    /** The live task of a token this process issued; otherwise InvalidToken or TaskTimedOut. */
    private static Task live(String token) {
        if (token == null) {
            throw new TaskTokenException(TaskTokenException.VALIDATION,
                    "1 validation error detected: Value null at 'taskToken' failed to satisfy constraint: Member must not be null");
        }
        if (token.isEmpty()) {
            throw new TaskTokenException(TaskTokenException.VALIDATION,
                    "1 validation error detected: Value at 'taskToken' failed to satisfy constraint: Member must have length "
                            + "greater than or equal to 1");
        }
        Task task = LIVE.get(token);
        if (task != null) {
            return task;
        }
        if (!issuedHere(token)) {
            throw new TaskTokenException(TaskTokenException.INVALID_TOKEN, "Invalid Token: 'Invalid token'");
        }
        throw closed();
    }

    private static TaskTokenException closed() {
        return new TaskTokenException(TaskTokenException.TASK_TIMED_OUT, "Task Timed Out: 'Provided task does not exist anymore'");
    }

    private static void checkOutputSize(int bytes) {
        if (bytes > MAX_OUTPUT_BYTES) {
            throw new TaskTokenException(TaskTokenException.VALIDATION, "1 validation error detected: Value at 'output' failed to "
                    + "satisfy constraint: Member must have length less than or equal to " + MAX_OUTPUT_BYTES + " (it is "
                    + bytes + " bytes)");
        }
    }

    private static String mint() {
        byte[] token = new byte[ID_BYTES + MAC_BYTES];
        RANDOM.nextBytes(token);
        System.arraycopy(mac(token), 0, token, ID_BYTES, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    private static boolean issuedHere(String token) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (bytes.length != ID_BYTES + MAC_BYTES) {
            return false;
        }
        byte[] expected = mac(bytes);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, ID_BYTES, ID_BYTES + MAC_BYTES));
    }

    /** The MAC of the first {@link #ID_BYTES} bytes. */
    private static byte[] mac(byte[] token) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(KEY);
            mac.update(token, 0, ID_BYTES);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(MAC_ALGORITHM + " is not available", e);
        }
    }
}
