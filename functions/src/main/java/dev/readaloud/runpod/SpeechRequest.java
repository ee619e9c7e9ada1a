package dev.readaloud.runpod;

/**
 * What one RunPod job speaks.
 *
 * @param text  the chunk's text (never logged)
 * @param voice the worker's voice name
 */
public record SpeechRequest(String text, String voice) {

    /** Says how long the text is, never what it says: records end up in logs. */
    @Override
    public String toString() {
        return "SpeechRequest[text=<" + (text == null ? 0 : text.length()) + " chars>, voice=" + voice + "]";
    }
}
