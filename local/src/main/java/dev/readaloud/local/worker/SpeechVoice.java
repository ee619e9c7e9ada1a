package dev.readaloud.local.worker;

/** A voice the local worker can speak with. Implementations are safe to call from several threads. */
public interface SpeechVoice {

    /** The voice's name in requests ({@code input.voice}). */
    String name();

    /** Speaks {@code text} into a complete WAV file. */
    byte[] speak(String text);
}
