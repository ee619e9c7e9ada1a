/**
 * A RunPod serverless client that survives RunPod: cold starts, rate limits, dead workers,
 * expiring and oversized results.
 *
 * <p>{@link dev.readaloud.runpod.RunPodClient#synthesize} runs one chunk as one job against
 * {@code {baseUrl}/{endpointId}}: {@code POST /runsync?wait=}, then {@code GET /status/{id}?wait=}
 * long polls, {@code POST /cancel/{id}}, {@code GET /health}, with {@code Authorization: Bearer}.
 * RunPod documents {@code wait} for {@code /runsync} (1-300 s); the local worker also holds
 * {@code /status?wait=}. A server that answers a status long poll at once is polled at 250 ms,
 * 500 ms, then every second instead. docs/BENCHMARKS.md measures the requests and added latency.
 *
 * <p>Every failure is one {@link dev.readaloud.runpod.RunPodException} subclass, because Step
 * Functions retries by error name ({@code dev.readaloud.runpod.<Name>}):
 *
 * <table>
 *   <caption>Errors and whether a Retry block should list them</caption>
 *   <tr><th>Error</th><th>Retryable</th><th>Meaning</th></tr>
 *   <tr><td>{@link dev.readaloud.runpod.RateLimitedException}</td><td>yes</td>
 *       <td>429 beyond the client's own short jittered backoff (it honours Retry-After)</td></tr>
 *   <tr><td>{@link dev.readaloud.runpod.RunPodUnavailableException}</td><td>yes</td>
 *       <td>5xx, connection errors, timeouts, answers that are not JSON</td></tr>
 *   <tr><td>{@link dev.readaloud.runpod.JobFailedException}</td><td>yes</td>
 *       <td>the job FAILED (a worker died mid-job); the message carries the worker's error</td></tr>
 *   <tr><td>{@link dev.readaloud.runpod.JobTimedOutException}</td><td>yes</td>
 *       <td>the job TIMED_OUT (stalled worker, expired ttl) or was CANCELLED</td></tr>
 *   <tr><td>{@link dev.readaloud.runpod.JobStillRunningException}</td><td>yes</td>
 *       <td>the deadline came first; carries the job id to resume</td></tr>
 *   <tr><td>{@link dev.readaloud.runpod.BadAudioException}</td><td>no</td>
 *       <td>output holds no readable WAV (garbage base64, non-WAV bytes, http or oversized audio_url)</td></tr>
 *   <tr><td>{@link dev.readaloud.runpod.EmptyOutputException}</td><td>no</td>
 *       <td>COMPLETED without output: RunPod dropped a result too large to store</td></tr>
 *   <tr><td>{@link dev.readaloud.runpod.UnauthorizedException}</td><td>no</td><td>401/403: bad API key</td></tr>
 *   <tr><td>{@link dev.readaloud.runpod.EndpointNotFoundException}</td><td>no</td>
 *       <td>404: unknown endpoint, or unknown or expired job</td></tr>
 *   <tr><td>{@link dev.readaloud.runpod.BadRequestException}</td><td>no</td>
 *       <td>400 or another 4xx; or an empty text before anything is sent</td></tr>
 * </table>
 *
 * <p>So a state machine's Retry lists {@code RateLimitedException}, {@code RunPodUnavailableException},
 * {@code JobFailedException}, {@code JobTimedOutException} and {@code JobStillRunningException}
 * (the last one after persisting the job id so the retry resumes the job).
 *
 * <p>Logs are one JSON line per job event on stderr ({@link dev.readaloud.logging.JsonLog}): job id,
 * status, delayTime, executionTime, HTTP requests and retries. Never the text, never the key.
 */
package dev.readaloud.runpod;
