package dev.readaloud.local.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.readaloud.local.statemachine.Engine;
import dev.readaloud.local.statemachine.HistoryEvent;
import dev.readaloud.local.statemachine.StateMachine;
import dev.readaloud.local.statemachine.TaskTokenException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The part of the AWS Step Functions API that the render functions call (StartExecution and
 * DescribeExecution, see SfnRenderLauncher) and the task-token callbacks of
 * {@code lambda:invoke.waitForTaskToken} tasks (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat,
 * answering {@code {}} or InvalidToken, TaskTimedOut, InvalidOutput, ValidationException), served on
 * 127.0.0.1 in the AWS JSON 1.0 protocol and backed by the local engine running one state machine. A
 * function reaches it through {@code AWS_ENDPOINT_URL_SFN}, which the SDK for Java v2 reads for Step
 * Functions clients before {@code AWS_ENDPOINT_URL}. A task token is the engine's: any task of any
 * execution in this process takes its callback here.
 *
 * <p>Protocol: {@code POST /} with {@code X-Amz-Target: AWSStepFunctions.<Operation>} and a JSON body;
 * answers {@code application/x-amz-json-1.0}; errors are {@code {"__type", "message"}} with a 4xx/5xx
 * status. Any other operation is an UnknownOperationException. Requests must carry a SigV4
 * {@code Authorization} header, whose signature is not checked (like LocalStack).
 */
public final class LocalStepFunctions implements AutoCloseable {

    static final String TARGET_PREFIX = "AWSStepFunctions.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService handlers;
    private final LocalExecutions executions;
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

    private LocalStepFunctions(HttpServer server, ExecutorService handlers, LocalExecutions executions) {
        this.server = server;
        this.handlers = handlers;
        this.executions = executions;
    }

    /**
     * Serves {@code machine} as {@code stateMachineArn} on a free port of 127.0.0.1.
     *
     * @param events gets every execution's history events with the execution name (progress, timelines)
     */
    public static LocalStepFunctions start(Engine engine, StateMachine machine, String stateMachineArn,
                                           BiConsumer<String, HistoryEvent> events) {
        LocalExecutions executions = new LocalExecutions(engine, machine, stateMachineArn, events, Clock.systemUTC());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            executions.close();
            throw new UncheckedIOException("cannot open a port for the local Step Functions API", e);
        }
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        LocalStepFunctions api = new LocalStepFunctions(server, handlers, executions);
        server.createContext("/", api::handle);
        server.setExecutor(handlers);
        server.start();
        return api;
    }

    /** {@code http://127.0.0.1:PORT}: the value for AWS_ENDPOINT_URL_SFN. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String stateMachineArn() {
        return executions.stateMachineArn();
    }

    /** How many requests named {@code operation} (e.g. StartExecution) were answered, errors included. */
    public long calls(String operation) {
        AtomicLong count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ObjectNode response;
            try {
                response = answer(exchange);
            } catch (StepFunctionsException e) {
                send(exchange, e.error().httpStatus(), errorBody(e.error(), e.getMessage()));
                return;
            } catch (RuntimeException e) {
                send(exchange, 500, errorBody(StepFunctionsError.INTERNAL_FAILURE,
                        "the local Step Functions API failed: " + e.getClass().getSimpleName()));
                return;
            }
            send(exchange, 200, response);
        }
    }

    private ObjectNode answer(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getPath())) {
            throw new StepFunctionsException(StepFunctionsError.UNKNOWN_OPERATION,
                    "the AWS JSON 1.0 protocol takes POST / only, got " + exchange.getRequestMethod() + " "
                            + exchange.getRequestURI().getPath());
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw new StepFunctionsException(StepFunctionsError.UNKNOWN_OPERATION,
                    "X-Amz-Target must be " + TARGET_PREFIX + "<Operation>, got " + (target == null ? "none" : "'" + target + "'"));
        }
        String operation = target.substring(TARGET_PREFIX.length());
        calls.computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
        SigV4Authorization.parse(exchange.getRequestHeaders().getFirst("Authorization"));
        JsonNode request = parse(body);
        return switch (operation) {
            case "StartExecution" -> startExecution(request);
            case "DescribeExecution" -> executions.describe(text(request, "executionArn"))
                    .describe(executions.stateMachineArn());
            case "SendTaskSuccess" -> taskToken(() -> Engine.sendTaskSuccess(required(request, "taskToken"),
                    required(request, "output")));
            case "SendTaskFailure" -> taskToken(() -> Engine.sendTaskFailure(required(request, "taskToken"),
                    text(request, "error"), text(request, "cause")));
            case "SendTaskHeartbeat" -> taskToken(() -> Engine.sendTaskHeartbeat(required(request, "taskToken")));
            default -> throw new StepFunctionsException(StepFunctionsError.UNKNOWN_OPERATION,
                    "the local Step Functions API implements StartExecution, DescribeExecution, SendTaskSuccess, "
                            + "SendTaskFailure and SendTaskHeartbeat, not " + operation);
        };
    }

    /** A task-token operation: {@code {}} when it went through, else the AWS error the engine names. */
    private ObjectNode taskToken(Runnable call) {
        try {
            call.run();
        } catch (TaskTokenException e) {
            throw new StepFunctionsException(StepFunctionsError.of(e), e.getMessage());
        }
        return MAPPER.createObjectNode();
    }

    /** A required string field: absent, it is the ValidationException AWS answers. */
    private static String required(JsonNode request, String field) {
        String value = text(request, field);
        if (value == null) {
            throw new StepFunctionsException(StepFunctionsError.VALIDATION, "1 validation error detected: Value null at '"
                    + field + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private ObjectNode startExecution(JsonNode request) {
        LocalExecution execution = executions.start(text(request, "stateMachineArn"), text(request, "name"),
                text(request, "input"));
        ObjectNode response = MAPPER.createObjectNode();
        response.put("executionArn", execution.executionArn());
        response.put("startDate", LocalExecution.epochSeconds(execution.startDate()));
        return response;
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new StepFunctionsException(StepFunctionsError.SERIALIZATION, field + " must be a string");
        }
        return value.asText();
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode request = body.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(body);
            if (!request.isObject()) {
                throw new StepFunctionsException(StepFunctionsError.SERIALIZATION, "the request body must be a JSON object");
            }
            return request;
        } catch (JsonProcessingException e) {
            throw new StepFunctionsException(StepFunctionsError.SERIALIZATION, "the request body is not JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode errorBody(StepFunctionsError error, String message) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("__type", error.type());
        body.put("message", message);
        return body;
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops serving and interrupts running executions. */
    @Override
    public void close() {
        server.stop(0);
        executions.close();
        handlers.shutdownNow();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LocalStepFunctions[%s, %s]", endpoint(), stateMachineArn());
    }
}
