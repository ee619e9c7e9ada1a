package dev.readaloud.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Handlers invoked through JSON, errors reported as the Lambda Java runtime reports them. */
@Timeout(30) // a concurrency bug must fail the build, not hang it
class LambdaTaskResourceTest {

    private static final TaskContext CONTEXT = new TaskContext("e", "T", 1, null, null);

    public record Chunk(String renderId, int index) {
    }

    public record Done(String renderId, int index, String status) {
    }

    static final class ChunkHandler implements RequestHandler<Chunk, Done> {
        @Override
        public Done handleRequest(Chunk chunk, Context context) {
            return new Done(chunk.renderId(), chunk.index(), "ok:" + context.getFunctionName());
        }
    }

    static final class MapHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            return Map.of("keys", List.copyOf(new java.util.TreeSet<>(event.keySet())), "remainingOk",
                    context.getRemainingTimeInMillis() > 0 && context.getRemainingTimeInMillis() <= 30_000);
        }
    }

    /** The input type comes through a generic superclass. */
    abstract static class Base<T> implements RequestHandler<T, String> {
    }

    static final class StringHandler extends Base<String> {
        @Override
        public String handleRequest(String text, Context context) {
            return text.toUpperCase();
        }
    }

    static final class Streaming implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
            String json = new String(input.readAllBytes(), StandardCharsets.UTF_8);
            output.write(("{\"echo\":" + json + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    static final class RateLimited extends RuntimeException {
        RateLimited(String message) {
            super(message);
        }
    }

    static final class Throwing implements RequestHandler<Map<String, Object>, String> {
        @Override
        public String handleRequest(Map<String, Object> event, Context context) {
            throw new RateLimited("RunPod said 429");
        }
    }

    static final class Sleeping implements RequestHandler<Map<String, Object>, String> {
        @Override
        public String handleRequest(Map<String, Object> event, Context context) {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        }
    }

    private static JsonNode json(String text) {
        return Json.parse(text, "test");
    }

    @Test
    void pojoHandler_getsItsInputTypeAndReturnsJson() throws Exception {
        LambdaTaskResource resource = new LambdaTaskResource(new ChunkHandler(), "synthesize", Duration.ofSeconds(30));

        JsonNode output = resource.invoke(json("{\"renderId\":\"r1\",\"index\":4,\"unknown\":true}"), CONTEXT);

        assertThat(output).isEqualTo(json("{\"renderId\":\"r1\",\"index\":4,\"status\":\"ok:synthesize\"}"));
    }

    @Test
    void mapHandler_getsAMapAndAContextWithRemainingTime() throws Exception {
        JsonNode output = new LambdaTaskResource(new MapHandler(), "plan", Duration.ofSeconds(30))
                .invoke(json("{\"b\":1,\"a\":[1]}"), CONTEXT);

        assertThat(output).isEqualTo(json("{\"keys\":[\"a\",\"b\"],\"remainingOk\":true}"));
    }

    @Test
    void stringInput_resolvedThroughAGenericSuperclass() throws Exception {
        assertThat(new LambdaTaskResource(new StringHandler(), "s", Duration.ofSeconds(5)).invoke(json("\"abc\""), CONTEXT))
                .isEqualTo(json("\"ABC\""));
    }

    @Test
    void streamHandler_readsAndWritesJsonBytes() throws Exception {
        assertThat(new LambdaTaskResource(new Streaming(), "s", Duration.ofSeconds(5)).invoke(json("{\"x\":1}"), CONTEXT))
                .isEqualTo(json("{\"echo\":{\"x\":1}}"));
    }

    @Test
    void exception_becomesErrorNamedByClassWithTheLambdaErrorPayloadAsCause() {
        // AWS docs: "Handling errors in Step Functions workflows" > "Handling a failure using Catch"
        // (Java: the error is the exception's class name; the cause is the function's error JSON).
        LambdaTaskResource resource = new LambdaTaskResource(new Throwing(), "s", Duration.ofSeconds(5));

        assertThatThrownBy(() -> resource.invoke(json("{}"), CONTEXT))
                .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.error()).isEqualTo("dev.readaloud.local.statemachine.LambdaTaskResourceTest$RateLimited");
                    JsonNode cause = json(e.cause());
                    assertThat(cause.get("errorMessage").asText()).isEqualTo("RunPod said 429");
                    assertThat(cause.get("errorType").asText()).isEqualTo(e.error());
                    assertThat(cause.get("stackTrace").get(0).asText()).startsWith(Throwing.class.getName() + ".handleRequest(LambdaTaskResourceTest.java:");
                });
    }

    @Test
    void functionTimeout_isReportedAsSandboxTimedout() {
        LambdaTaskResource resource = new LambdaTaskResource(new Sleeping(), "s", Duration.ofMillis(200));

        assertThatThrownBy(() -> resource.invoke(json("{}"), CONTEXT))
                .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.error()).isEqualTo("Sandbox.Timedout");
                    assertThat(e.cause()).contains("Task timed out after 0.20 seconds");
                });
    }

    @Test
    void notAHandler_isRejected() {
        assertThatThrownBy(() -> new LambdaTaskResource("nope", "s", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither a RequestHandler nor a RequestStreamHandler");
    }

    @Test
    void retryAndCatch_matchTheExceptionClassName_inBothLambdaArnForms() {
        for (String task : List.of(
                "\"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:synth\"",
                "\"Resource\": \"arn:aws:states:::lambda:invoke\", \"Parameters\": {\"FunctionName\": \"arn:aws:lambda:us-east-1:123456789012:function:synth\", \"Payload.$\": \"$\"}")) {
            StateMachine machine = StateMachine.load("""
                    {"StartAt": "T", "States": {
                      "T": {"Type": "Task", %s,
                        "Retry": [{"ErrorEquals": ["dev.readaloud.local.statemachine.LambdaTaskResourceTest$RateLimited"], "MaxAttempts": 2}],
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
                      "Caught": {"Type": "Pass", "End": true}}}""".formatted(task), Map.of());
            LambdaTaskResource resource = new LambdaTaskResource(new Throwing(), "synth", Duration.ofSeconds(5));

            ExecutionResult result = new Engine(arn -> arn.endsWith(":synth") ? resource : null, EngineOptions.instant())
                    .run(machine, "e", null, null);

            assertThat(result.output().get("Error").asText()).isEqualTo("dev.readaloud.local.statemachine.LambdaTaskResourceTest$RateLimited");
            assertThat(result.history()).filteredOn(e -> e.type().equals(HistoryEventType.RETRY_SCHEDULED)).hasSize(2);
        }
    }

    static final class TypeReporter implements RequestHandler<Map<String, Object>, String> {
        @Override
        public String handleRequest(Map<String, Object> event, Context context) {
            return event.get("f").getClass().getSimpleName() + "," + event.get("i").getClass().getSimpleName();
        }
    }

    @Test
    void numbersArriveAsTheLambdaRuntimeDeliversThem() throws Exception {
        // Through JSON text: the engine's exact decimals reach the handler as Double and Integer.
        JsonNode output = new LambdaTaskResource(new TypeReporter(), "s", Duration.ofSeconds(5)).invoke(json("{\"f\": 0.25, \"i\": 3}"), CONTEXT);

        assertThat(output.asText()).isEqualTo("Double,Integer");
    }
}
