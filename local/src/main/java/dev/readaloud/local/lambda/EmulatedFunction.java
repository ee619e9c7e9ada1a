package dev.readaloud.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.readaloud.local.statemachine.TaskContext;
import dev.readaloud.local.statemachine.TaskFailedException;
import dev.readaloud.local.statemachine.TaskResource;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * One function of template.yaml running as on Lambda, without Docker: its Handler is created through
 * its public no-arg constructor by the AWS Lambda Java runtime interface client, behind the AWS
 * Runtime Interface Emulator, with the template's environment, memory and timeout.
 *
 * <p>A pool of execution environments: each runs one invocation at a time; when all are busy another
 * is started (Lambda scaling out), up to a cap, after which invocations wait; environments stay warm
 * between invocations.
 *
 * <p>Errors are reported exactly as the in-process {@code LambdaTaskResource} and Step Functions'
 * Lambda integration report them: error = the runtime's errorType (the exception's class name),
 * cause = the JSON error payload {@code {errorMessage, errorType, stackTrace}}; a timeout is
 * {@code Sandbox.Timedout}. Retry and Catch in render.asl.json therefore behave identically.
 *
 * <p>SnapStart (template SnapStart.ApplyOn: PublishedVersions): the function gets what SnapStart gives it
 * on AWS — AWS_LAMBDA_INITIALIZATION_TYPE=snap-start, credentials only through the container-credentials
 * endpoint, no key variables — and goes through the lifecycle the runtime interface client runs for it:
 * constructor, {@code beforeCheckpoint}, {@code /runtime/restore/next}, {@code afterRestore}, invocations.
 * The Runtime Interface Emulator cannot do this itself: it serves {@code /runtime/restore/next} only with
 * {@code --enable-init-caching}, and there it answers it with the first invocation's event (which the
 * runtime then drops, so that invocation times out) and replaces the container-credentials variables
 * with its own endpoint. So {@link SnapStartRuntimeApi} answers that one route in front of the
 * emulator. No JVM snapshot is taken: the restored process is the initialized one.
 *
 * <p>Where the Runtime Interface Emulator differs from Lambda and this class does not hide it: the
 * first invocation's deadline includes the runtime's start (the emulator initializes lazily, inside
 * that invocation), whereas Lambda limits on-demand initialization separately (and SnapStart runs it at
 * publish time); /tmp is this machine's, so EphemeralStorage is not enforced; memory is enforced through
 * the heap size only (see {@link JvmOptions}), not as a hard limit on the process.
 */
public final class EmulatedFunction implements TaskResource, AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final FunctionSpec spec;
    private final int maxEnvironments;
    private final IntFunction<ExecutionEnvironment> starter;
    private final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
    private final List<ExecutionEnvironment> all = new ArrayList<>();
    private int started;
    /** Environments being started (outside the lock), counted against the cap. */
    private int starting;
    private boolean closed;

    EmulatedFunction(FunctionSpec spec, int maxEnvironments, IntFunction<ExecutionEnvironment> starter) {
        this.spec = Objects.requireNonNull(spec, "spec");
        if (maxEnvironments < 1) {
            throw new IllegalArgumentException("at least one execution environment, got " + maxEnvironments);
        }
        this.maxEnvironments = maxEnvironments;
        this.starter = starter;
    }

    public FunctionSpec spec() {
        return spec;
    }

    /**
     * Invokes the function once (RequestResponse).
     *
     * @param payloadJson the event, JSON
     * @return the function's response payload, JSON (empty when it returned nothing)
     * @throws TaskFailedException error = the errorType, cause = the error payload; Sandbox.Timedout on a timeout
     */
    public String invoke(String payloadJson) throws TaskFailedException {
        ExecutionEnvironment environment = acquire();
        FunctionResponse response;
        try {
            response = environment.invoke(payloadJson);
        } catch (RuntimeException e) {
            release(environment);
            throw e;
        }
        release(environment);
        return switch (response) {
            case FunctionResponse.Result result -> result.payload();
            case FunctionResponse.FunctionError error -> throw new TaskFailedException(error.errorType(), error.payload());
            case FunctionResponse.Timeout timeout -> throw new TaskFailedException(FunctionResponse.TIMEOUT_ERROR, timeout.payload());
        };
    }

    @Override
    public JsonNode invoke(JsonNode input, TaskContext context) throws TaskFailedException {
        String payload = invoke(input.toString());
        if (payload.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new TaskFailedException(FunctionResponse.UNKNOWN_ERROR, "function " + spec.logicalId()
                    + " returned a payload that is not JSON");
        }
    }

    /** How many times a runtime of this function went through the SnapStart restore. */
    public synchronized int restores() {
        int restores = 0;
        for (ExecutionEnvironment environment : all) {
            restores += environment.restores();
        }
        return restores;
    }

    /** How many execution environments were started so far (cold starts, including replacements). */
    public synchronized int environmentsStarted() {
        return started;
    }

    /** The process ids of every live emulator and runtime process of this function. */
    public synchronized List<ProcessHandle> processes() {
        List<ProcessHandle> handles = new ArrayList<>();
        for (ExecutionEnvironment environment : all) {
            handles.addAll(environment.processes());
        }
        return handles;
    }

    private ExecutionEnvironment acquire() {
        int number;
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw new EmulatorException("function " + spec.logicalId() + " is closed");
                }
                while (!idle.isEmpty()) {
                    ExecutionEnvironment environment = idle.removeFirst();
                    if (environment.isAlive()) {
                        return environment;
                    }
                    all.remove(environment);
                    environment.close();
                }
                if (all.size() + starting < maxEnvironments) {
                    break;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EmulatorException("interrupted while waiting for an execution environment of " + spec.logicalId(), e);
                }
            }
            number = ++started;
            starting++;
        }
        // Started outside the lock: a cold start takes a while and other invocations may be released meanwhile.
        ExecutionEnvironment environment;
        try {
            environment = starter.apply(number);
        } catch (RuntimeException e) {
            synchronized (this) {
                starting--;
                notifyAll();
            }
            throw e;
        }
        synchronized (this) {
            starting--;
            if (closed) {
                environment.close();
                throw new EmulatorException("function " + spec.logicalId() + " is closed");
            }
            all.add(environment);
            return environment;
        }
    }

    private synchronized void release(ExecutionEnvironment environment) {
        if (closed || !environment.isAlive()) {
            all.remove(environment);
            environment.close();
        } else {
            idle.addFirst(environment);
        }
        notifyAll();
    }

    /** Stops every execution environment (their whole process trees). */
    @Override
    public void close() {
        List<ExecutionEnvironment> environments;
        synchronized (this) {
            closed = true;
            environments = new ArrayList<>(all);
            all.clear();
            idle.clear();
            notifyAll();
        }
        environments.forEach(ExecutionEnvironment::close);
    }
}
