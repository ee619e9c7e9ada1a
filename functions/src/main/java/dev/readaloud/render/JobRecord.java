package dev.readaloud.render;

/**
 * What {@code jobs/{00000}.json} holds: the RunPod job submitted for a chunk, so a retry after a
 * timeout resumes it instead of paying for a second generation. Deleted once the chunk is stored.
 *
 * @param jobId              RunPod's job id; null in callback mode between the record and the submission
 *                           (RunPod's webhook may come before the id is recorded)
 * @param textSha256         the chunk hash the job was submitted for
 * @param submittedAt        ISO-8601 instant of submission
 * @param endedWith          null while the job may still deliver; else the error it ended with (e.g.
 *                           {@code BadAudioException}), so the next attempt submits a new job and says why
 * @param webhookTokenSha256 callback mode: hex SHA-256 of the secret the job's webhook URL carries (the
 *                           secret itself is never stored); null when the job is polled
 * @param taskToken          callback mode: the Step Functions task token the webhook ends (the latest
 *                           attempt's: a retry of the chunk task replaces it); null when polled
 * @param spent              callback mode: what the chunk's invocations so far spent (the webhook that stores the
 *                           chunk adds its own to it); null when polled
 */
public record JobRecord(String jobId, String textSha256, String submittedAt, String endedWith,
                        String webhookTokenSha256, String taskToken, Spend spent) {

    /** A job just submitted, to be resumed by a retry. */
    public static JobRecord submitted(String jobId, String textSha256, String submittedAt) {
        return new JobRecord(jobId, textSha256, submittedAt, null, null, null, null);
    }

    /** Callback mode: a job about to be submitted with a webhook whose secret hashes to {@code webhookTokenSha256}. */
    public static JobRecord awaitingCallback(String textSha256, String submittedAt, String webhookTokenSha256,
                                             String taskToken) {
        return new JobRecord(null, textSha256, submittedAt, null, webhookTokenSha256, taskToken, null);
    }

    /** What the chunk's invocations spent so far, as recorded here (zero when nothing is). */
    public Spend spentSoFar() {
        return spent == null ? Spend.ZERO : spent;
    }

    /** This record with {@code total} as what the chunk's invocations spent so far. */
    public JobRecord withSpent(Spend total) {
        return new JobRecord(jobId, textSha256, submittedAt, endedWith, webhookTokenSha256, taskToken, total);
    }

    /** Whether the job may still deliver the chunk (it did not end badly). */
    public boolean live() {
        return endedWith == null;
    }

    /** Whether RunPod reports this job's end to a webhook (callback mode). */
    public boolean hasWebhook() {
        return webhookTokenSha256 != null;
    }

    /** This job, marked as ended with {@code error}. */
    public JobRecord endedWith(String error) {
        return new JobRecord(jobId, textSha256, submittedAt, error, webhookTokenSha256, taskToken, spent);
    }

    /** This record once RunPod has named the job. */
    public JobRecord withJobId(String id) {
        return new JobRecord(id, textSha256, submittedAt, endedWith, webhookTokenSha256, taskToken, spent);
    }

    /** This job, now ending the task of {@code token} (a retry of the chunk's task waits with a new token). */
    public JobRecord withTaskToken(String token) {
        return new JobRecord(jobId, textSha256, submittedAt, endedWith, webhookTokenSha256, token, spent);
    }

    /** Never shows the task token. */
    @Override
    public String toString() {
        return "JobRecord[jobId=" + jobId + ", textSha256=" + textSha256 + ", submittedAt=" + submittedAt
                + ", endedWith=" + endedWith + ", webhook=" + hasWebhook() + "]";
    }
}
