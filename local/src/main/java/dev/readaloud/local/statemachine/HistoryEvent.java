package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One event of an execution's history, named as in AWS Step Functions' GetExecutionHistory
 * (ExecutionStarted, TaskStateEntered, LambdaFunctionScheduled, MapIterationStarted, ...).
 * Event types that AWS does not have are marked local-only in {@link HistoryEventType}.
 *
 * @param id              1-based, increasing in the order events were recorded
 * @param previousEventId the id of the event this one follows in its own branch/iteration, 0 for none
 * @param timestamp       when the engine recorded it (engine clock)
 * @param type            the event type, e.g. {@code TaskStateEntered}
 * @param stateName       the state it concerns, or null for execution-level events
 * @param mapIndex        the innermost Map iteration index it happened in, or null
 * @param details         type-specific details (input, output, error, cause, index, ...), never null
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, String type, String stateName,
                           Integer mapIndex, JsonNode details) {
}
