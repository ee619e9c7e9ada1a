package dev.readaloud.text;

import java.text.Normalizer;

/**
 * Input hygiene for a reading: line endings unified, Unicode normalized to NFC, control and
 * invisible format characters removed, every whitespace run collapsed to one space, and blank
 * lines kept as paragraph breaks.
 *
 * <p>The cleaned form separates paragraphs with {@link #PARAGRAPH_BREAK} ("\n\n"); inside a
 * paragraph words are separated by exactly one space, and there is no leading or trailing
 * whitespace. Non-breaking spaces (U+00A0, U+2007, U+202F) are kept: they mean "do not break here".
 */
public final class TextCleaner {

    /** How {@link #clean(String)} separates paragraphs. */
    public static final String PARAGRAPH_BREAK = "\n\n";

    private static final int ZERO_WIDTH_SPACE = 0x200B;
    private static final int SOFT_HYPHEN = 0x00AD;
    private static final int BYTE_ORDER_MARK = 0xFEFF;
    private static final int NEXT_LINE = 0x0085;
    private static final int LINE_SEPARATOR = 0x2028;
    private static final int PARAGRAPH_SEPARATOR = 0x2029;

    private TextCleaner() {
    }

    /**
     * Cleans {@code text} (see the class comment).
     *
     * @throws InvalidTextException when {@code text} is null, or empty or whitespace-only after cleaning
     */
    public static String clean(String text) {
        if (text == null) {
            throw new InvalidTextException("text is missing (null)");
        }
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(normalized.length());
        // newlines seen in the current whitespace run: 2 or more means a blank line, a paragraph break
        int pendingNewlines = 0;
        boolean pendingSpace = false;
        int i = 0;
        while (i < normalized.length()) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\r') {
                if (i < normalized.length() && normalized.charAt(i) == '\n') {
                    i++;
                }
                pendingNewlines++;
                pendingSpace = true;
            } else if (cp == '\n' || cp == NEXT_LINE || cp == LINE_SEPARATOR) {
                pendingNewlines++;
                pendingSpace = true;
            } else if (cp == PARAGRAPH_SEPARATOR) {
                pendingNewlines += 2;
                pendingSpace = true;
            } else if (Character.isWhitespace(cp)) {
                pendingSpace = true;
            } else if (isRemoved(cp)) {
                // dropped without a trace: it separated nothing
            } else {
                if (pendingSpace && !out.isEmpty()) {
                    out.append(pendingNewlines >= 2 ? PARAGRAPH_BREAK : " ");
                }
                pendingSpace = false;
                pendingNewlines = 0;
                out.appendCodePoint(cp);
            }
        }
        if (out.isEmpty()) {
            throw new InvalidTextException(text.isEmpty()
                    ? "text is empty"
                    : "text holds no readable characters (only whitespace or control characters)");
        }
        return out.toString();
    }

    private static boolean isRemoved(int cp) {
        if (cp == ZERO_WIDTH_SPACE || cp == SOFT_HYPHEN || cp == BYTE_ORDER_MARK) {
            return true;
        }
        int type = Character.getType(cp);
        // a lone surrogate is a broken encoding, not text
        return type == Character.CONTROL || type == Character.SURROGATE;
    }
}
