package dev.readaloud.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The callback pattern, {@code arn:aws:states:::lambda:invoke.waitForTaskToken} (AWS docs: "Discover
 * service integration patterns in Step Functions" > "Wait for a Callback with Task Token"), and the
 * task-token calls SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat (AWS API reference: their
 * Errors sections).
 */
@Timeout(30) // a lost callback must fail the build, not hang it
class TaskCallbackTest {

    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:review";
    private static final String RESOURCE = "arn:aws:states:::lambda:invoke.waitForTaskToken";

    /** The payloads the function was invoked with, in order. */
    private final BlockingQueue<JsonNode> payloads = new LinkedBlockingQueue<>();

    /** A function that hands its payload (with the task token) over to the test and returns at once. */
    private final TaskResource handsOver = (input, context) -> {
        payloads.add(input);
        return Json.parse("{\"queued\": true}", "response");
    };

    @Test
    void sendTaskSuccess_endsTheTaskWithThatOutput_thenResultSelectorAndResultPathApply() throws Exception {
        CompletableFuture<ExecutionResult> run = start("""
                {"StartAt": "Review", "States": {"Review": {"Type": "Task", "Resource": "%s",
                  "Parameters": {"FunctionName": "%s", "Payload": {"token.$": "$$.Task.Token", "chunk.$": "$.chunk"}},
                  "ResultSelector": {"approved.$": "$.approved"}, "ResultPath": "$.review", "End": true}}}"""
                .formatted(RESOURCE, FUNCTION), handsOver, "{\"chunk\": 3}");
        JsonNode payload = nextPayload();
        String token = payload.get("token").asText();

        Engine.sendTaskSuccess(token, Json.parse("{\"approved\": true, \"by\": \"ann\"}", "output"));
        ExecutionResult result = run.get(10, TimeUnit.SECONDS);

        assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
        assertThat(result.output()).isEqualTo(Json.parse("{\"chunk\": 3, \"review\": {\"approved\": true}}", "expected"));
        assertThat(payload.get("chunk").asInt()).isEqualTo(3);
        // 32 random bytes and their MAC, URL-safe base64: unguessable, and never the UUID of old.
        assertThat(token).matches("[A-Za-z0-9_-]{86}");
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(64);
        assertThat(result.history()).extracting(HistoryEvent::type).containsExactly("ExecutionStarted", "TaskStateEntered",
                "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
        HistoryEvent scheduled = event(result, "TaskScheduled");
        assertThat(scheduled.details().get("resource").asText()).isEqualTo("invoke.waitForTaskToken");
        assertThat(scheduled.details().get("resourceType").asText()).isEqualTo("lambda");
        assertThat(scheduled.details().at("/parameters/Payload/token").asText()).isEqualTo(token);
        HistoryEvent submitted = event(result, "TaskSubmitted");
        assertThat(submitted.details().at("/output/Payload")).isEqualTo(Json.parse("{\"queued\": true}", "expected"));
        assertThat(submitted.details().at("/output/StatusCode").asInt()).isEqualTo(200);
        assertThat(event(result, "TaskSucceeded").details().get("output"))
                .isEqualTo(Json.parse("{\"approved\": true, \"by\": \"ann\"}", "expected"));
    }

    @Test
    void sendTaskFailure_failsTheTask_whichRetryRunsAgainWithANewToken_thenCatchCatches() throws Exception {
        CompletableFuture<ExecutionResult> run = start("""
                {"StartAt": "Review", "States": {
                  "Review": {"Type": "Task", "Resource": "%s",
                    "Parameters": {"FunctionName": "%s", "Payload": {"token.$": "$$.Task.Token"}},
                    "Retry": [{"ErrorEquals": ["Review.Rejected"], "IntervalSeconds": 1, "MaxAttempts": 1}],
                    "Catch": [{"ErrorEquals": ["Review.Rejected"], "ResultPath": "$.error", "Next": "Rejected"}], "End": true},
                  "Rejected": {"Type": "Pass", "End": true}}}""".formatted(RESOURCE, FUNCTION), handsOver, "{\"chunk\": 3}");

        String first = nextPayload().get("token").asText();
        Engine.sendTaskFailure(first, "Review.Rejected", "too quiet");
        String second = nextPayload().get("token").asText();
        Engine.sendTaskFailure(second, "Review.Rejected", "still too quiet");
        ExecutionResult result = run.get(10, TimeUnit.SECONDS);

        assertThat(second).isNotEqualTo(first);
        assertThat(result.output()).isEqualTo(Json.parse(
                "{\"chunk\": 3, \"error\": {\"Error\": \"Review.Rejected\", \"Cause\": \"still too quiet\"}}", "expected"));
        assertThat(result.history()).filteredOn(e -> e.type().equals("TaskFailed")).extracting(e -> e.details().get("cause").asText())
                .containsExactly("too quiet", "still too quiet");
        assertTokenError(() -> Engine.sendTaskSuccess(first, TextNode.valueOf("late")), TaskTokenException.TASK_TIMED_OUT);
    }

    @Test
    void aCallbackThatArrivesBeforeTheFunctionReturns_endsTheTaskWhenItReturns() throws Exception {
        // A fast external service: the token comes back while the Lambda invocation is still running.
        TaskResource callsBackFirst = (input, context) -> {
            Engine.sendTaskSuccess(input.get("token").asText(), "{\"fast\": true}");
            sleep(300);
            return TextNode.valueOf("queued");
        };
        CompletableFuture<ExecutionResult> run = start("""
                {"StartAt": "Review", "States": {"Review": {"Type": "Task", "Resource": "%s",
                  "Parameters": {"FunctionName.$": "$.function", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}}}"""
                .formatted(RESOURCE), callsBackFirst, "{\"function\": \"" + FUNCTION + "\"}");

        ExecutionResult result = run.get(10, TimeUnit.SECONDS);

        assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
        assertThat(result.output()).isEqualTo(Json.parse("{\"fast\": true}", "expected"));
        assertThat(result.history()).extracting(HistoryEvent::type).containsSubsequence("TaskSubmitted", "TaskSucceeded");
        assertThat(event(result, "TaskSubmitted").details().at("/output/Payload").asText()).isEqualTo("queued");
    }

    @Test
    void aCallbackFromAnotherThreadDuringTheInvocation_isKeptToo() throws Exception {
        TaskResource slow = (input, context) -> {
            payloads.add(input);
            sleep(500);
            return TextNode.valueOf("queued");
        };
        CompletableFuture<ExecutionResult> run = start(simpleDefinition(""), slow, "{}");

        Engine.sendTaskSuccess(nextPayload().get("token").asText(), "\"from outside\"");

        assertThat(run.get(10, TimeUnit.SECONDS).output().asText()).isEqualTo("from outside");
    }

    @Test
    void timeoutSeconds_endsATaskNobodyCallsBack_withStatesTimeout_thatCatchCatches_andALateCallbackIsTaskTimedOut()
            throws Exception {
        long started = System.nanoTime();
        CompletableFuture<ExecutionResult> run = start("""
                {"StartAt": "Review", "States": {
                  "Review": {"Type": "Task", "Resource": "%s", "TimeoutSeconds": 1,
                    "Parameters": {"FunctionName": "%s", "Payload": {"token.$": "$$.Task.Token"}},
                    "Catch": [{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.error", "Next": "GaveUp"}], "End": true},
                  "GaveUp": {"Type": "Pass", "InputPath": "$.error.Error", "End": true}}}""".formatted(RESOURCE, FUNCTION),
                handsOver, "{}");
        String token = nextPayload().get("token").asText();

        ExecutionResult result = run.get(10, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(950), Duration.ofSeconds(5));
        assertThat(result.output().asText()).isEqualTo("States.Timeout");
        assertThat(event(result, "TaskTimedOut").details().get("error").asText()).isEqualTo("States.Timeout");
        assertThat(result.history()).extracting(HistoryEvent::type).containsSubsequence("TaskSubmitted", "TaskTimedOut",
                "PassStateEntered");
        assertTokenError(() -> Engine.sendTaskSuccess(token, TextNode.valueOf("late")), TaskTokenException.TASK_TIMED_OUT);
        assertTokenError(() -> Engine.sendTaskFailure(token, "Late", ""), TaskTokenException.TASK_TIMED_OUT);
        assertTokenError(() -> Engine.sendTaskHeartbeat(token), TaskTokenException.TASK_TIMED_OUT);
    }

    @Test
    void heartbeatSeconds_endsATaskWithoutHeartbeats_withStatesHeartbeatTimeout() throws Exception {
        long started = System.nanoTime();
        CompletableFuture<ExecutionResult> run = start(simpleDefinition("\"HeartbeatSeconds\": 1, \"TimeoutSeconds\": 10,"),
                handsOver, "{}");
        nextPayload();

        ExecutionResult result = run.get(10, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(950), Duration.ofSeconds(5));
        assertThat(result.error()).isEqualTo("States.HeartbeatTimeout");
        assertThat(event(result, "TaskTimedOut").details().get("error").asText()).isEqualTo("States.HeartbeatTimeout");
    }

    @Test
    void heartbeats_keepTheTaskAlivePastHeartbeatSeconds() throws Exception {
        CompletableFuture<ExecutionResult> run = start(simpleDefinition("\"HeartbeatSeconds\": 1, \"TimeoutSeconds\": 10,"),
                handsOver, "{}");
        String token = nextPayload().get("token").asText();

        for (int i = 0; i < 7; i++) { // 1.75 s in all, no gap near 1 s
            Engine.sendTaskHeartbeat(token);
            sleep(250);
        }
        Engine.sendTaskSuccess(token, TextNode.valueOf("alive"));

        ExecutionResult result = run.get(10, TimeUnit.SECONDS);
        assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
        assertThat(result.output().asText()).isEqualTo("alive");
    }

    @Test
    void timeoutSeconds_endsTheTaskWhateverHeartbeatsArrive() throws Exception {
        // SendTaskHeartbeat API reference: the task's Timeout is its maximum duration, regardless of heartbeats.
        long started = System.nanoTime();
        CompletableFuture<ExecutionResult> run = start(simpleDefinition("\"HeartbeatSeconds\": 1, \"TimeoutSeconds\": 2,"),
                handsOver, "{}");
        String token = nextPayload().get("token").asText();

        TaskTokenException ended = null;
        while (ended == null) {
            try {
                Engine.sendTaskHeartbeat(token);
                sleep(200);
            } catch (TaskTokenException e) {
                ended = e;
            }
        }

        ExecutionResult result = run.get(10, TimeUnit.SECONDS);
        assertThat(ended.error()).isEqualTo(TaskTokenException.TASK_TIMED_OUT);
        assertThat(result.error()).isEqualTo("States.Timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(1950), Duration.ofSeconds(6));
    }

    @Test
    void aTokenIsAcceptedOnce() throws Exception {
        CompletableFuture<ExecutionResult> run = start(simpleDefinition(""), handsOver, "{}");
        String token = nextPayload().get("token").asText();

        Engine.sendTaskSuccess(token, TextNode.valueOf("first"));

        assertTokenError(() -> Engine.sendTaskSuccess(token, TextNode.valueOf("second")), TaskTokenException.TASK_TIMED_OUT);
        assertTokenError(() -> Engine.sendTaskFailure(token, "Second", "no"), TaskTokenException.TASK_TIMED_OUT);
        assertTokenError(() -> Engine.sendTaskHeartbeat(token), TaskTokenException.TASK_TIMED_OUT);
        assertThat(run.get(10, TimeUnit.SECONDS).output().asText()).isEqualTo("first");
        assertTokenError(() -> Engine.sendTaskSuccess(token, TextNode.valueOf("third")), TaskTokenException.TASK_TIMED_OUT);
    }

    @Test
    void forgedMalformedAndMissingTokens_areRefused() throws Exception {
        CompletableFuture<ExecutionResult> run = start(simpleDefinition(""), handsOver, "{}");
        String token = nextPayload().get("token").asText();
        byte[] random = new byte[64];
        new java.security.SecureRandom().nextBytes(random);
        String wellFormedButForged = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        char last = token.charAt(10);
        String tampered = token.substring(0, 10) + (last == 'A' ? 'B' : 'A') + token.substring(11);
        List<String> invalid = List.of("not-a-token", wellFormedButForged, tampered, token + "x", "AQCwAAAAKgAAAAMAAAAAAAAAAZ83J8zGdl7Q");

        for (String bad : invalid) {
            assertTokenError(() -> Engine.sendTaskSuccess(bad, TextNode.valueOf("x")), TaskTokenException.INVALID_TOKEN);
            assertTokenError(() -> Engine.sendTaskFailure(bad, "E", "c"), TaskTokenException.INVALID_TOKEN);
            assertTokenError(() -> Engine.sendTaskHeartbeat(bad), TaskTokenException.INVALID_TOKEN);
        }
        assertTokenError(() -> Engine.sendTaskSuccess(null, TextNode.valueOf("x")), TaskTokenException.VALIDATION);
        assertTokenError(() -> Engine.sendTaskHeartbeat(""), TaskTokenException.VALIDATION);

        Engine.sendTaskSuccess(token, TextNode.valueOf("the real one"));
        assertThat(run.get(10, TimeUnit.SECONDS).output().asText()).isEqualTo("the real one");
    }

    @Test
    void outputThatIsNotJson_isInvalidOutput_andOutputOver256KiB_isRefusedBeforeTheTokenIsUsed() throws Exception {
        CompletableFuture<ExecutionResult> run = start(simpleDefinition(""), handsOver, "{}");
        String token = nextPayload().get("token").asText();
        String big = "\"" + "x".repeat(TaskTokens.MAX_OUTPUT_BYTES - 1) + "\""; // 262,145 bytes

        assertTokenError(() -> Engine.sendTaskSuccess(token, "{oops"), TaskTokenException.INVALID_OUTPUT);
        assertTokenError(() -> Engine.sendTaskSuccess(token, ""), TaskTokenException.INVALID_OUTPUT);
        assertTokenError(() -> Engine.sendTaskSuccess(token, "{} {}"), TaskTokenException.INVALID_OUTPUT);
        assertTokenError(() -> Engine.sendTaskSuccess(token, big), TaskTokenException.VALIDATION);
        assertTokenError(() -> Engine.sendTaskSuccess(token, Json.parse(big, "big")), TaskTokenException.VALIDATION);
        assertTokenError(() -> Engine.sendTaskFailure(token, "E".repeat(257), ""), TaskTokenException.VALIDATION);
        assertTokenError(() -> Engine.sendTaskFailure(token, "E", "c".repeat(32_769)), TaskTokenException.VALIDATION);

        String fits = "\"" + "x".repeat(TaskTokens.MAX_OUTPUT_BYTES - 3) + "\""; // 262,143 bytes: under the quota
        Engine.sendTaskSuccess(token, fits);
        assertThat(run.get(10, TimeUnit.SECONDS).output().asText()).hasSize(TaskTokens.MAX_OUTPUT_BYTES - 3);
    }

    @Test
    void theFunctionsError_failsTheTaskWithItsErrorType_withoutWaitingForTheToken() throws Exception {
        // AWS docs: "Handling errors in Step Functions workflows": a Lambda error's name is its errorType,
        // here the Java exception's class name, as for lambda:invoke.
        List<String> tokens = new CopyOnWriteArrayList<>();
        RequestHandler<Map<String, Object>, String> failing = new RequestHandler<>() {
            @Override
            public String handleRequest(Map<String, Object> input, Context context) {
                tokens.add((String) input.get("token"));
                throw new IllegalStateException("the review queue is gone");
            }
        };
        CompletableFuture<ExecutionResult> run = start(simpleDefinition("\"TimeoutSeconds\": 20,"),
                new LambdaTaskResource(failing, "review", Duration.ofSeconds(5)), "{}");

        ExecutionResult result = run.get(10, TimeUnit.SECONDS);

        assertThat(result.error()).isEqualTo("java.lang.IllegalStateException");
        assertThat(Json.parse(result.cause(), "cause").get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(Json.parse(result.cause(), "cause").get("errorMessage").asText()).isEqualTo("the review queue is gone");
        assertThat(result.history()).extracting(HistoryEvent::type).contains("TaskFailed").doesNotContain("TaskSubmitted");
        assertTokenError(() -> Engine.sendTaskSuccess(tokens.getFirst(), TextNode.valueOf("late")), TaskTokenException.TASK_TIMED_OUT);
    }

    @Test
    void sendTaskFailure_withoutErrorOrCause_failsTheTaskWithEmptyOnes_thatStatesAllCatches() throws Exception {
        CompletableFuture<ExecutionResult> run = start("""
                {"StartAt": "Review", "States": {
                  "Review": {"Type": "Task", "Resource": "%s",
                    "Parameters": {"FunctionName": "%s", "Payload": {"token.$": "$$.Task.Token"}},
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
                  "Caught": {"Type": "Pass", "End": true}}}""".formatted(RESOURCE, FUNCTION), handsOver, "{}");

        Engine.sendTaskFailure(nextPayload().get("token").asText(), null, null);

        assertThat(run.get(10, TimeUnit.SECONDS).output()).isEqualTo(Json.parse("{\"Error\": \"\", \"Cause\": \"\"}", "expected"));
    }

    @Test
    void theTokenOfATaskThatWaitsForNoCallback_takesHeartbeatsButNoCallback() throws Exception {
        List<String> refused = new CopyOnWriteArrayList<>();
        TaskResource plain = (input, context) -> {
            Engine.sendTaskHeartbeat(context.taskToken());
            try {
                Engine.sendTaskSuccess(context.taskToken(), TextNode.valueOf("nope"));
            } catch (TaskTokenException e) {
                refused.add(e.error());
            }
            return TextNode.valueOf("done");
        };
        CompletableFuture<ExecutionResult> run = start("""
                {"StartAt": "Plain", "States": {"Plain": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "%s", "Payload": {}}, "OutputPath": "$.Payload", "End": true}}}"""
                .formatted(FUNCTION), plain, "{}");

        assertThat(run.get(10, TimeUnit.SECONDS).output().asText()).isEqualTo("done");
        assertThat(refused).containsExactly(TaskTokenException.INVALID_TOKEN);
    }

    @Test
    void manyTasksWaitAtOnce_andEachEndsByItsOwnToken() throws Exception {
        int count = 25;
        CompletableFuture<ExecutionResult> run = start("""
                {"StartAt": "Chunks", "States": {"Chunks": {"Type": "Map", "ItemsPath": "$.chunks", "MaxConcurrency": 0, "End": true,
                  "ItemProcessor": {"StartAt": "Review", "States": {"Review": {"Type": "Task", "Resource": "%s",
                    "TimeoutSeconds": 20,
                    "Parameters": {"FunctionName": "%s", "Payload": {"token.$": "$$.Task.Token", "chunk.$": "$"}},
                    "End": true}}}}}}""".formatted(RESOURCE, FUNCTION), handsOver,
                "{\"chunks\": " + java.util.stream.IntStream.range(0, count).boxed().toList() + "}");
        List<JsonNode> waiting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            waiting.add(nextPayload());
        }
        Set<String> tokens = new HashSet<>();
        waiting.forEach(p -> tokens.add(p.get("token").asText()));
        assertThat(tokens).hasSize(count);

        List<Thread> senders = new ArrayList<>();
        for (JsonNode payload : waiting.reversed()) {
            senders.add(Thread.ofVirtual().start(() ->
                    Engine.sendTaskSuccess(payload.get("token").asText(), TextNode.valueOf("chunk " + payload.get("chunk").asInt()))));
        }
        for (Thread sender : senders) {
            sender.join();
        }

        ExecutionResult result = run.get(10, TimeUnit.SECONDS);
        assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
        for (int i = 0; i < count; i++) {
            assertThat(result.output().get(i).asText()).isEqualTo("chunk " + i);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String simpleDefinition(String taskFields) {
        return """
                {"StartAt": "Review", "States": {"Review": {"Type": "Task", "Resource": "%s", %s
                  "Parameters": {"FunctionName": "%s", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}}}"""
                .formatted(RESOURCE, taskFields, FUNCTION);
    }

    /** Runs the definition on its own thread, {@code function} being the one Lambda function. */
    private static CompletableFuture<ExecutionResult> start(String definition, TaskResource function, String input) {
        StateMachine machine = StateMachine.load(definition, Map.of());
        Engine engine = new Engine((state, resource) -> resource.equals(FUNCTION) ? function : null, EngineOptions.instant(),
                EngineClock.SYSTEM);
        CompletableFuture<ExecutionResult> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(engine.run(machine, "callback", Json.parse(input, "input"), null));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    private JsonNode nextPayload() throws InterruptedException {
        JsonNode payload = payloads.poll(10, TimeUnit.SECONDS);
        assertThat(payload).as("the function was invoked").isNotNull();
        return payload;
    }

    private static HistoryEvent event(ExecutionResult result, String type) {
        return result.history().stream().filter(e -> e.type().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " event"));
    }

    private static void assertTokenError(ThrowingCallable call, String error) {
        assertThatThrownBy(call).isInstanceOfSatisfying(TaskTokenException.class,
                e -> assertThat(e.error()).as(e.getMessage()).isEqualTo(error));
    }

    private static void sleep(long millis) throws TaskFailedException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskFailedException("Interrupted", "");
        }
    }
}
