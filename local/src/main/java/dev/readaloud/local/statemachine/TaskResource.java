package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a Task state's {@code Resource} runs. The engine passes the state's effective input (after
 * InputPath and Parameters) and takes the returned JSON as the task's raw result (before
 * ResultSelector, ResultPath and OutputPath).
 */
@FunctionalInterface
public interface TaskResource {

    /**
     * Runs the task once (one attempt; the engine applies Retry).
     *
     * @throws TaskFailedException with the error name that Retry and Catch match on
     */
    JsonNode invoke(JsonNode input, TaskContext context) throws TaskFailedException;
}
