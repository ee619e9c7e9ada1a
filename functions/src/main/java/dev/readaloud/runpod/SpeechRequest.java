package dev.readaloud.runpod;

/**
 * What one RunPod job speaks.
 *
 * @param text  the chunk's text (never logged)
 * @param voice the worker's voice name
 */
public record SpeechRequest(String text, String voice) {
}
