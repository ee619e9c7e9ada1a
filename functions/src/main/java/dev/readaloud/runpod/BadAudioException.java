package dev.readaloud.runpod;

/**
 * The job completed but its output holds no readable WAV: garbage base64, non-WAV bytes, an audio_url
 * that is not https, too large or unreachable. Retryable as a new job, a small number of times: a TTS
 * worker that glitched once usually succeeds on a second job.
 */
public final class BadAudioException extends RunPodException {

    public BadAudioException(String message) {
        super(message);
    }

    public BadAudioException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
