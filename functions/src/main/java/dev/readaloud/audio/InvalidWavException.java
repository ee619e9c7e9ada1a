package dev.readaloud.audio;

import java.io.IOException;

/** The bytes are not a WAV file this project can read; the message names the field and what is wrong. */
public class InvalidWavException extends IOException {
    public InvalidWavException(String message) {
        super(message);
    }
}
