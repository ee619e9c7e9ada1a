package dev.readaloud.local.runtime;

import dev.readaloud.local.statemachine.HistoryEvent;
import dev.readaloud.local.statemachine.HistoryEventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a render's execution history says about its chunks: how many there are, how many are
 * done, and when each one ran. Read from the same events Step Functions records.
 *
 * @param chunksTotal       chunks in the plan, 0 until the Map state started
 * @param chunksDone        Map iterations that succeeded
 * @param spans             one span per chunk that started, by index
 * @param stitchStartMillis when the Stitch state was entered, ms since the execution started, or -1
 * @param elapsedMillis     from the execution's start to its last event
 */
public record RenderTimeline(int chunksTotal, int chunksDone, List<ChunkSpan> spans, long stitchStartMillis,
                             long elapsedMillis) {

    static final String CHUNK_STATE = "SynthesizeChunk";
    /** The chunk's task in callback mode: it waits for RunPod's webhook (then, if that never comes, CHUNK_STATE). */
    static final String CALLBACK_CHUNK_STATE = "SubmitChunk";
    static final String STITCH_STATE = "Stitch";

    /**
     * Reads a history: the render's own, and the summaries of the chunks the Distributed Map ran as
     * child executions ({@code children}, by chunk index; chunks of an inline Map are in the history
     * itself). Queue and speaking times come from {@code workerTimes} (RunPod's delayTime and
     * executionTime by chunk index) where known.
     */
    public static RenderTimeline of(List<HistoryEvent> history, Map<Integer, RenderHistories.ChildChunk> children,
                                    Map<Integer, long[]> workerTimes) {
        if (history.isEmpty()) {
            return new RenderTimeline(0, 0, List.of(), -1, 0);
        }
        Instant start = history.getFirst().timestamp();
        int total = 0;
        int done = 0;
        long stitchStart = -1;
        Map<Integer, RenderHistories.ChildChunk.Builder> inline = new TreeMap<>();
        for (HistoryEvent event : history) {
            long at = millisBetween(start, event.timestamp());
            String type = event.type();
            if (HistoryEventType.MAP_STATE_STARTED.equals(type)) {
                total = event.details().path("length").asInt();
            } else if (HistoryEventType.MAP_RUN_STARTED.equals(type)) {
                total = event.details().path("itemCount").asInt();
            } else if (HistoryEventType.MAP_ITERATION_SUCCEEDED.equals(type)) {
                done++;
            } else if (STITCH_STATE.equals(event.stateName()) && type.endsWith(HistoryEventType.STATE_ENTERED)) {
                stitchStart = at;
            } else if (isChunkState(event.stateName()) && event.mapIndex() != null) {
                inline.computeIfAbsent(event.mapIndex(), i -> new RenderHistories.ChildChunk.Builder()).add(event);
            }
        }
        Map<Integer, RenderHistories.ChildChunk> chunks = new TreeMap<>(children);
        inline.forEach((index, builder) -> chunks.put(index, builder.build()));
        long startEpochMillis = start.toEpochMilli();
        List<ChunkSpan> spans = new ArrayList<>();
        for (Map.Entry<Integer, RenderHistories.ChildChunk> entry : chunks.entrySet()) {
            RenderHistories.ChildChunk chunk = entry.getValue();
            if (children.containsKey(entry.getKey()) && chunk.succeeded()) {
                done++;
            }
            if (chunk.startEpochMillis() < 0) {
                continue; // a child that has not reached its chunk task yet
            }
            long[] worker = workerTimes.getOrDefault(entry.getKey(), new long[] {0, 0});
            spans.add(new ChunkSpan(entry.getKey(), Math.max(0, chunk.startEpochMillis() - startEpochMillis),
                    Math.max(0, chunk.endEpochMillis() - startEpochMillis), worker[0], worker[1],
                    Math.max(1, chunk.attempts()), chunk.reused()));
        }
        long elapsed = millisBetween(start, history.getLast().timestamp());
        return new RenderTimeline(total, done, spans, stitchStart, elapsed);
    }

    /** Sum of the chunks' wall times: what the render would take one chunk at a time. */
    public long summedChunkMillis() {
        return spans.stream().mapToLong(ChunkSpan::wallMillis).sum();
    }

    /** Whether a state is a chunk's task, in either wait mode. */
    static boolean isChunkState(String stateName) {
        return CHUNK_STATE.equals(stateName) || CALLBACK_CHUNK_STATE.equals(stateName);
    }

    static boolean isScheduled(String type) {
        return HistoryEventType.LAMBDA_FUNCTION_SCHEDULED.equals(type) || HistoryEventType.TASK_SCHEDULED.equals(type);
    }

    static boolean isEnded(String type) {
        return HistoryEventType.LAMBDA_FUNCTION_SUCCEEDED.equals(type) || HistoryEventType.TASK_SUCCEEDED.equals(type)
                || HistoryEventType.LAMBDA_FUNCTION_FAILED.equals(type) || HistoryEventType.TASK_FAILED.equals(type)
                || HistoryEventType.LAMBDA_FUNCTION_TIMED_OUT.equals(type) || HistoryEventType.TASK_TIMED_OUT.equals(type);
    }

    private static long millisBetween(Instant from, Instant to) {
        return Math.max(0, to.toEpochMilli() - from.toEpochMilli());
    }
}
