package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.readaloud.local.statemachine.State.Catcher;
import dev.readaloud.local.statemachine.State.Errors;
import dev.readaloud.local.statemachine.State.Retrier;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleConsumer;

/**
 * Retry and Catch of a Task, Parallel or Map state (AWS developer guide, "Handling errors in Step
 * Functions workflows"): the first retrier whose ErrorEquals matches decides; when it has no
 * attempts left, the first matching catcher routes the error output to its Next.
 */
final class ErrorHandling {

    /** One attempt of the state's work; {@code retryCount} is 0 for the first attempt. */
    @FunctionalInterface
    interface Attempt {
        JsonNode run(int retryCount);
    }

    /** Where the execution goes after the state: its next state (null = end) and its output. */
    record Transition(String next, JsonNode output) {
    }

    private final History history;
    private final DataFlow dataFlow;
    private final Random random;
    private final DoubleConsumer sleepSeconds;

    /** @param sleepSeconds sleeps a retry interval in seconds (time-scaled by the caller) */
    ErrorHandling(History history, DataFlow dataFlow, Random random, DoubleConsumer sleepSeconds) {
        this.history = history;
        this.dataFlow = dataFlow;
        this.random = random;
        this.sleepSeconds = sleepSeconds;
    }

    Transition run(String stateName, String next, Errors errors, JsonNode raw, History.Frame frame, Attempt attempt) {
        int[] retries = new int[errors.retry().size()];
        int totalRetries = 0;
        while (true) {
            try {
                JsonNode output = attempt.run(totalRetries);
                Payloads.check(output, "the output of state '" + stateName + "'");
                return new Transition(next, output);
            } catch (StatesError e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new ExecutionAborted();
                }
                int index = matchingRetrier(errors.retry(), e);
                if (index >= 0 && retries[index] < errors.retry().get(index).maxAttempts()) {
                    double delay = retryDelaySeconds(errors.retry().get(index), retries[index]);
                    retries[index]++;
                    totalRetries++;
                    ObjectNode details = errorDetails(e.error(), e.cause());
                    details.put("retrier", index);
                    details.put("retryCount", retries[index]);
                    details.put("attempt", totalRetries + 1);
                    details.put("delaySeconds", delay);
                    details.put("localOnly", true);
                    history.record(frame, HistoryEventType.RETRY_SCHEDULED, stateName, details);
                    sleepSeconds.accept(delay);
                    continue;
                }
                for (Catcher catcher : errors.catchers()) {
                    if (e.matches(catcher.errorEquals())) {
                        ObjectNode errorOutput = Json.NODES.objectNode();
                        errorOutput.put("Error", e.error());
                        errorOutput.put("Cause", e.cause());
                        return new Transition(catcher.next(), dataFlow.resultPath(catcher.resultPath(), stateName, raw, errorOutput));
                    }
                }
                throw e;
            }
        }
    }

    private static int matchingRetrier(List<Retrier> retriers, StatesError error) {
        for (int i = 0; i < retriers.size(); i++) {
            if (error.matches(retriers.get(i).errorEquals())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * AWS developer guide, "Handling errors", Retry: IntervalSeconds x BackoffRate^(retries so far),
     * capped at MaxDelaySeconds, then with JitterStrategy FULL a uniform random value up to it.
     */
    double retryDelaySeconds(Retrier retrier, int retriesSoFar) {
        double delay = retrier.intervalSeconds() * Math.pow(retrier.backoffRate(), retriesSoFar);
        if (retrier.maxDelaySeconds() != null) {
            delay = Math.min(delay, retrier.maxDelaySeconds());
        }
        if (retrier.fullJitter()) {
            synchronized (random) {
                delay = delay * random.nextDouble();
            }
        }
        return delay;
    }

    static ObjectNode errorDetails(String error, String cause) {
        ObjectNode details = Json.NODES.objectNode();
        details.put("error", error);
        details.put("cause", cause);
        return details;
    }
}
