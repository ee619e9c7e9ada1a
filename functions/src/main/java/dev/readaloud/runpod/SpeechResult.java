package dev.readaloud.runpod;

import dev.readaloud.audio.WavInfo;

/**
 * A finished job's audio.
 *
 * @param jobId             RunPod's job id
 * @param wav               the WAV bytes, already checked to parse
 * @param info              what the WAV holds
 * @param delayTimeMillis   time the job waited in RunPod's queue, as RunPod reports it
 * @param executionTimeMillis time a worker spent on the job, as RunPod reports it
 * @param httpRequests      requests this call made to RunPod
 */
public record SpeechResult(String jobId, byte[] wav, WavInfo info, long delayTimeMillis,
                           long executionTimeMillis, int httpRequests) {
}
