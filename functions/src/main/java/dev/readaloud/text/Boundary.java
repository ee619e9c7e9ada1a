package dev.readaloud.text;

/** How a chunk ends, strongest first. */
public enum Boundary {
    /** End of a paragraph (or of the whole text). */
    PARAGRAPH,
    /** End of a sentence. */
    SENTENCE,
    /** A clause mark: , ; : and dashes. */
    CLAUSE,
    /** Plain whitespace between words. */
    WORD,
    /** A single token longer than the limit, cut hard. */
    HARD
}
