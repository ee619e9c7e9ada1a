package dev.readaloud.local.aws;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.readaloud.local.statemachine.ExecutionResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One execution started through {@link LocalStepFunctions}: what StartExecution was given and how the
 * local engine's run of it ends.
 *
 * @param executionArn arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME
 * @param name         the execution name (the render id, for renders)
 * @param input        the input exactly as StartExecution received it
 * @param startDate    when it was started
 * @param end          completes with the engine's result and the moment it ended
 */
record LocalExecution(String executionArn, String name, String input, Instant startDate,
                      CompletableFuture<Ended> end) {

    /** How and when the run ended. */
    record Ended(ExecutionResult result, Instant stopDate) {
    }

    boolean running() {
        return !end.isDone();
    }

    /** The DescribeExecution response: status RUNNING, SUCCEEDED or FAILED, with output or error and cause. */
    ObjectNode describe(String stateMachineArn) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("executionArn", executionArn);
        body.put("stateMachineArn", stateMachineArn);
        body.put("name", name);
        body.put("startDate", epochSeconds(startDate));
        body.put("input", input);
        body.putObject("inputDetails").put("included", true);
        body.put("redriveCount", 0);
        if (running()) {
            body.put("status", "RUNNING");
            body.put("redriveStatus", "NOT_REDRIVABLE");
            return body;
        }
        Ended ended = end.join();
        body.put("stopDate", epochSeconds(ended.stopDate()));
        if (ended.result().succeeded()) {
            body.put("status", "SUCCEEDED");
            body.put("output", ended.result().output() == null ? "null" : ended.result().output().toString());
            body.putObject("outputDetails").put("included", true);
            body.put("redriveStatus", "NOT_REDRIVABLE");
        } else {
            body.put("status", "FAILED");
            if (ended.result().error() != null) {
                body.put("error", ended.result().error());
            }
            if (ended.result().cause() != null) {
                body.put("cause", ended.result().cause());
            }
            // Our engine cannot redrive; saying REDRIVABLE would invite a RedriveExecution it does not serve.
            body.put("redriveStatus", "NOT_REDRIVABLE");
        }
        return body;
    }

    /** AWS JSON protocols carry timestamps as epoch seconds, milliseconds as the fraction. */
    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }
}
