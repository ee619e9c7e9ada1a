package dev.readaloud.render;

/**
 * What {@code jobs/{00000}.json} holds: the RunPod job submitted for a chunk, so a retry after a
 * timeout resumes it instead of paying for a second generation.
 *
 * @param jobId       RunPod's job id
 * @param textSha256  the chunk hash the job was submitted for
 * @param submittedAt ISO-8601 instant of submission
 */
public record JobRecord(String jobId, String textSha256, String submittedAt) {
}
