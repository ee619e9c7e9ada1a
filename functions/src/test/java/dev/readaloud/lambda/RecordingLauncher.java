package dev.readaloud.lambda;

import dev.readaloud.render.RenderLauncher;
import dev.readaloud.render.RenderState;
import dev.readaloud.render.RenderStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Records the executions it is asked to start; reports RUNNING for them unless told otherwise. */
class RecordingLauncher implements RenderLauncher {

    record Start(String renderId, String input) {
    }

    private final List<Start> starts = new ArrayList<>();
    private final Map<String, RenderStatus> statuses = new HashMap<>();

    /**
     * Like StartExecution: the name is the render id, and starting a running execution again with the
     * same input is that execution, so only the first start of a render id is recorded. Another input
     * for a started name is recorded too (Step Functions would refuse it), so tests see it.
     */
    @Override
    public synchronized void start(String renderId, String executionInputJson) {
        boolean sameExecution = starts.stream()
                .anyMatch(s -> s.renderId().equals(renderId) && s.input().equals(executionInputJson));
        if (!sameExecution) {
            starts.add(new Start(renderId, executionInputJson));
        }
        statuses.putIfAbsent(renderId, RenderStatus.of(RenderState.RUNNING));
    }

    @Override
    public synchronized RenderStatus status(String renderId) {
        return statuses.getOrDefault(renderId, RenderStatus.of(RenderState.PENDING));
    }

    synchronized void setStatus(String renderId, RenderStatus status) {
        statuses.put(renderId, status);
    }

    synchronized List<Start> starts() {
        return List.copyOf(starts);
    }
}
