package dev.readaloud.render;

/**
 * What {@code jobs/{00000}.json} holds: the RunPod job submitted for a chunk, so a retry after a
 * timeout resumes it instead of paying for a second generation. Deleted once the chunk is stored.
 *
 * @param jobId       RunPod's job id
 * @param textSha256  the chunk hash the job was submitted for
 * @param submittedAt ISO-8601 instant of submission
 * @param endedWith   null while the job may still deliver; else the error it ended with (e.g.
 *                    {@code BadAudioException}), so the next attempt submits a new job and says why
 */
public record JobRecord(String jobId, String textSha256, String submittedAt, String endedWith) {

    /** A job just submitted, to be resumed by a retry. */
    public static JobRecord submitted(String jobId, String textSha256, String submittedAt) {
        return new JobRecord(jobId, textSha256, submittedAt, null);
    }

    /** Whether the job may still deliver the chunk (it did not end badly). */
    public boolean live() {
        return endedWith == null;
    }

    /** This job, marked as ended with {@code error}. */
    public JobRecord endedWith(String error) {
        return new JobRecord(jobId, textSha256, submittedAt, error);
    }
}
