package dev.readaloud.render;

import java.util.List;

/**
 * What the sweep of a failed render cancelled.
 *
 * @param renderId the render
 * @param jobIds   the RunPod jobs cancelled, in chunk order
 */
public record CancelledJobs(String renderId, List<String> jobIds) {

    public CancelledJobs {
        jobIds = List.copyOf(jobIds);
    }
}
