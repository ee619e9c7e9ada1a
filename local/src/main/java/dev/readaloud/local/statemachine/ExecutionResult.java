package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * How an execution ended.
 *
 * @param status  SUCCEEDED or FAILED
 * @param output  the execution's output when it succeeded, else null
 * @param error   the error name when it failed, else null
 * @param cause   the cause when it failed (may be empty), else null
 * @param history every event, in id order
 */
public record ExecutionResult(Status status, JsonNode output, String error, String cause, List<HistoryEvent> history) {

    public enum Status { SUCCEEDED, FAILED }

    public ExecutionResult {
        history = List.copyOf(history);
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }
}
