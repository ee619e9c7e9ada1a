package dev.readaloud.local.statemachine;

import java.time.Duration;

/**
 * What a task attempt knows about where it runs.
 *
 * @param executionName the execution's name ({@code $$.Execution.Name})
 * @param stateName     the Task state's name
 * @param attempt       1 for the first attempt, 2 for the first retry, ...
 * @param mapIndex      the index of the innermost Map iteration this task runs in, or null
 * @param timeout       the state's TimeoutSeconds (scaled by nothing: the definition's value), or
 *                      null when the state sets none
 * @param taskToken     the task token ({@code $$.Task.Token}) of this attempt
 */
public record TaskContext(String executionName, String stateName, int attempt, Integer mapIndex,
                          Duration timeout, String taskToken) {

    /** A context without a task token, for callers that do not need one. */
    public TaskContext(String executionName, String stateName, int attempt, Integer mapIndex, Duration timeout) {
        this(executionName, stateName, attempt, mapIndex, timeout, null);
    }
}
