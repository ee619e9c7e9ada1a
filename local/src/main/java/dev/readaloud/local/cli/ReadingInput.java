package dev.readaloud.local.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a reading from a file or standard input as strict UTF-8; bad input is an error naming the file. */
final class ReadingInput {

    private ReadingInput() {
    }

    /** Reads {@code source}, a path or {@code -} for standard input. */
    static String read(String source) throws IOException {
        byte[] bytes;
        String name = "-".equals(source) ? "standard input" : source;
        try {
            bytes = "-".equals(source) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(source));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + source);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(name + " is not valid UTF-8 text");
        }
    }
}
