package dev.readaloud.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readaloud.local.statemachine.Engine;
import dev.readaloud.local.statemachine.ExecutionResult;
import dev.readaloud.local.statemachine.ExecutionListener;
import dev.readaloud.local.statemachine.HistoryEvent;
import dev.readaloud.local.statemachine.StateMachine;
import dev.readaloud.render.RenderLauncher;
import dev.readaloud.render.RenderState;
import dev.readaloud.render.RenderStatus;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs render executions with the local engine, the way Step Functions runs them in AWS: one
 * execution per render id, started asynchronously, watched by status. Each render's history
 * events are passed to a listener with the render id, for progress and timelines.
 */
public final class LocalRenderLauncher implements RenderLauncher, AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Engine engine;
    private final StateMachine machine;
    private final RenderHistories events;
    private final ExecutorService executions = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, CompletableFuture<ExecutionResult>> running = new ConcurrentHashMap<>();

    public LocalRenderLauncher(Engine engine, StateMachine machine, RenderHistories events) {
        this.engine = engine;
        this.machine = machine;
        this.events = events;
    }

    @Override
    public void start(String renderId, String executionInputJson) {
        JsonNode input = parse(executionInputJson);
        running.compute(renderId, (id, existing) -> {
            if (existing != null && !existing.isDone()) {
                return existing; // like StartExecution with the same name and input: the running one
            }
            return CompletableFuture.supplyAsync(
                    () -> engine.run(machine, id, input, new ExecutionListener() {
                        @Override
                        public void onEvent(HistoryEvent event) {
                            events.record(id, event);
                        }

                        @Override
                        public void onChildEvent(String childExecutionName, int childIndex, HistoryEvent event) {
                            events.recordChild(id, childIndex, event);
                        }
                    }), executions);
        });
    }

    @Override
    public RenderStatus status(String renderId) {
        CompletableFuture<ExecutionResult> execution = running.get(renderId);
        if (execution == null) {
            return RenderStatus.of(RenderState.PENDING);
        }
        if (!execution.isDone()) {
            return RenderStatus.of(RenderState.RUNNING);
        }
        ExecutionResult result = execution.join();
        return result.succeeded() ? RenderStatus.of(RenderState.SUCCEEDED)
                : new RenderStatus(RenderState.FAILED, result.error(), result.cause());
    }

    /** Whether an execution of this render was started by this launcher. */
    public boolean started(String renderId) {
        return running.containsKey(renderId);
    }

    /** Whether the render's execution has ended (false when none was started). */
    public boolean finished(String renderId) {
        CompletableFuture<ExecutionResult> execution = running.get(renderId);
        return execution != null && execution.isDone();
    }

    /** Waits for the render's execution to end. */
    public ExecutionResult await(String renderId) throws InterruptedException {
        CompletableFuture<ExecutionResult> execution = running.get(renderId);
        if (execution == null) {
            throw new IllegalStateException("no execution was started for render " + renderId);
        }
        try {
            return execution.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the local engine failed running render " + renderId, e.getCause());
        }
    }

    @Override
    public void close() {
        executions.shutdownNow();
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("execution input is not JSON", e);
        }
    }
}
