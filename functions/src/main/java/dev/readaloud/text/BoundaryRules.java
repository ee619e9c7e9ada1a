package dev.readaloud.text;

import java.util.Set;

/**
 * How strong a possible cut is, judged from the characters around it. Works on a code point
 * array where a paragraph break is one {@code '\n'} and any other whitespace one {@code ' '}
 * ({@link ChunkPlanner} hands over one paragraph at a time, so it holds no {@code '\n'}).
 *
 * <p>Strengths, weakest first: {@link #HARD} (inside a token), {@link #WEAK} (between words
 * that belong together: after "Mr.", an initial, before stray punctuation, between digit groups),
 * {@link #WORD}, {@link #CLAUSE}, {@link #SENTENCE}, {@link #PARAGRAPH}.
 */
final class BoundaryRules {

    static final byte HARD = 0;
    static final byte WEAK = 1;
    static final byte WORD = 2;
    static final byte CLAUSE = 3;
    static final byte SENTENCE = 4;
    static final byte PARAGRAPH = 5;

    static final int PARAGRAPH_MARK = '\n';

    /** Abbreviations (lower case, without the final dot) after which a name follows: never a sentence end. */
    private static final Set<String> TITLES = Set.of(
            "mr", "mrs", "ms", "mx", "dr", "st", "prof", "rev", "gen", "capt", "sgt", "lt", "col", "mt",
            "hon", "sen", "rep", "gov", "pres", "fr", "mme", "mlle", "messrs", "cpt", "cmdr", "adm", "maj");
    /** Abbreviations (lower case, without the final dot) that rarely end a sentence. */
    private static final Set<String> ABBREVIATIONS = Set.of(
            "jr", "sr", "vs", "etc", "fig", "figs", "approx", "cf", "al", "inc", "ltd", "co", "corp",
            "dept", "univ", "ave", "rd", "blvd", "ca", "pp", "vol", "vols", "ed", "eds", "est", "esp",
            "incl", "resp", "viz", "ibid", "op", "cit", "sq", "ft", "oz", "lb", "lbs", "hrs", "min", "sec");
    /** Abbreviations that are also ordinary words in lower case, so only their capitalized form counts. */
    private static final Set<String> CAPITALIZED_ABBREVIATIONS = Set.of(
            "No", "Nos", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
            "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thurs", "Fri", "Sat", "Sun", "Art", "Sec", "Ch");

    private BoundaryRules() {
    }

    /**
     * Strength of a cut at the whitespace {@code cps[ws]}, between the token
     * {@code [prevStart, ws)} and the token {@code [ws + 1, nextEnd)}.
     */
    static byte atWhitespace(int[] cps, int prevStart, int ws, int nextEnd) {
        if (cps[ws] == PARAGRAPH_MARK) {
            return PARAGRAPH;
        }
        int nextStart = ws + 1;
        if (isPunctuationOnly(cps, nextStart, nextEnd) && !isOpener(cps[nextStart])) {
            // a stray "." or "—" or "…" belongs with what it follows (also keeps ". . ." whole)
            return WEAK;
        }
        int coreEnd = ws; // exclusive end of the previous token without its closing quotes/brackets
        while (coreEnd > prevStart + 1 && isCloser(cps[coreEnd - 1])) {
            coreEnd--;
        }
        int last = cps[coreEnd - 1];
        int nextLetter = firstAfterOpeners(cps, nextStart, nextEnd);
        if (last == '.' || last == '…') {
            return afterDot(cps, prevStart, coreEnd, nextLetter);
        }
        if (last == '!' || last == '?' || last == '‽' || isCjkSentenceEnd(last)) {
            return Character.isLowerCase(nextLetter) ? CLAUSE : SENTENCE;
        }
        if (isClauseMark(last) || isCjkClauseMark(last)) {
            return CLAUSE;
        }
        int next = cps[nextStart];
        if (next == '(' || next == '[' || next == '—' || next == '–') {
            return CLAUSE;
        }
        if (isDigitGroup(cps, prevStart, ws) && isThousandsGroup(cps, nextStart, nextEnd)) {
            return WEAK; // "1 000 000": one number
        }
        return WORD;
    }

    private static byte afterDot(int[] cps, int prevStart, int coreEnd, int nextLetter) {
        int tokenStart = prevStart;
        while (tokenStart < coreEnd - 1 && isOpener(cps[tokenStart])) {
            tokenStart++;
        }
        boolean ellipsis = cps[coreEnd - 1] == '…' || coreEnd - tokenStart >= 2 && cps[coreEnd - 2] == '.'
                || coreEnd - tokenStart == 1;
        if (ellipsis) {
            return Character.isLowerCase(nextLetter) ? CLAUSE : SENTENCE;
        }
        String word = new String(cps, tokenStart, coreEnd - 1 - tokenStart);
        if (TITLES.contains(word.toLowerCase(java.util.Locale.ROOT))) {
            return WEAK;
        }
        if (word.codePointCount(0, word.length()) == 1 && Character.isUpperCase(word.codePointAt(0))) {
            return WEAK; // an initial: "J. R. R. Tolkien"
        }
        if (ABBREVIATIONS.contains(word.toLowerCase(java.util.Locale.ROOT))
                || CAPITALIZED_ABBREVIATIONS.contains(word) || isDottedAbbreviation(word)) {
            return WORD;
        }
        if (Character.isLowerCase(nextLetter)) {
            return WORD; // "etc. and so on", an unknown abbreviation
        }
        return SENTENCE;
    }

    /** "e.g", "i.e", "U.S", "p.m", "Ph.D": short letter groups joined by dots (final dot already removed). */
    private static boolean isDottedAbbreviation(String word) {
        if (word.indexOf('.') < 0) {
            return false;
        }
        for (String part : word.split("\\.", -1)) {
            if (part.isEmpty() || part.length() > 2 || !part.chars().allMatch(Character::isLetter)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Strength of a cut between {@code cps[at - 1]} and {@code cps[at]} where there is no
     * whitespace: after CJK punctuation, or between two CJK characters. -1 when there is no cut.
     */
    static int withoutWhitespace(int[] cps, int at) {
        int before = cps[at - 1];
        int after = cps[at];
        if (isCloser(after) || isLeftAttaching(after) || isCjkSentenceEnd(after) || isCjkClauseMark(after)) {
            return -1;
        }
        int core = at - 1;
        while (core > 0 && isCloser(cps[core])) {
            core--;
        }
        int mark = cps[core];
        if (isCjkSentenceEnd(mark)) {
            return SENTENCE;
        }
        if (isCjkClauseMark(mark)) {
            return CLAUSE;
        }
        if (isCjkLetter(before) && isCjkLetter(after) && !isKanaThatAttaches(after)) {
            return WORD;
        }
        return -1;
    }

    /**
     * Whether a hard cut may fall before {@code cps[at]}: not inside a combined character, not
     * before punctuation that closes what precedes it, not after an opening mark.
     */
    static boolean hardCutAllowed(int[] cps, int at) {
        int after = cps[at];
        int before = cps[at - 1];
        if (isCloser(after) || isLeftAttaching(after) || isCjkSentenceEnd(after) || isCjkClauseMark(after)
                || isOpener(before)) {
            return false;
        }
        int type = Character.getType(after);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK) {
            return false;
        }
        boolean variationSelector = after >= 0xFE00 && after <= 0xFE0F || after >= 0xE0100 && after <= 0xE01EF;
        boolean emojiModifier = after >= 0x1F3FB && after <= 0x1F3FF;
        return !variationSelector && !emojiModifier && after != 0x200D && before != 0x200D;
    }

    static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == PARAGRAPH_MARK;
    }

    static boolean isCloser(int cp) {
        return switch (cp) {
            case '"', '\'', ')', ']', '}', '»', '›', '”', '’', '」', '』', '）', '】', '〉', '》', '〕', '］', '｝' -> true;
            default -> false;
        };
    }

    static boolean isOpener(int cp) {
        return switch (cp) {
            case '"', '\'', '(', '[', '{', '«', '‹', '“', '‘', '„', '「', '『', '（', '【', '〈', '《', '〔', '［', '｛' -> true;
            default -> false;
        };
    }

    private static boolean isLeftAttaching(int cp) {
        return switch (cp) {
            case '.', ',', ';', ':', '!', '?', '…', '‽', '%', 'ー', '〜', '・' -> true;
            default -> false;
        };
    }

    private static boolean isClauseMark(int cp) {
        return switch (cp) {
            case ',', ';', ':', '—', '–', '―' -> true;
            default -> false;
        };
    }

    static boolean isCjkSentenceEnd(int cp) {
        return cp == '。' || cp == '！' || cp == '？' || cp == '｡';
    }

    static boolean isCjkClauseMark(int cp) {
        return cp == '；' || cp == '，' || cp == '、' || cp == '：' || cp == '､';
    }

    private static boolean isCjkLetter(int cp) {
        if (Character.isIdeographic(cp)) {
            return true;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA;
    }

    private static boolean isKanaThatAttaches(int cp) {
        return switch (cp) {
            case 'ぁ', 'ぃ', 'ぅ', 'ぇ', 'ぉ', 'っ', 'ゃ', 'ゅ', 'ょ', 'ゎ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ッ', 'ャ', 'ュ',
                 'ョ', 'ヮ', 'ヵ', 'ヶ', 'ー', '゛', '゜', 'ゝ', 'ゞ', 'ヽ', 'ヾ', '々' -> true;
            default -> false;
        };
    }

    private static boolean isPunctuationOnly(int[] cps, int start, int end) {
        for (int i = start; i < end; i++) {
            if (Character.isLetterOrDigit(cps[i])) {
                return false;
            }
        }
        return true;
    }

    private static int firstAfterOpeners(int[] cps, int start, int end) {
        int i = start;
        while (i < end - 1 && isOpener(cps[i])) {
            i++;
        }
        return cps[i];
    }

    private static boolean isDigitGroup(int[] cps, int start, int end) {
        if (end - start > 3) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (!Character.isDigit(cps[i])) {
                return false;
            }
        }
        return true;
    }

    /** Exactly three digits, maybe followed by punctuation: the next group of "1 000". */
    private static boolean isThousandsGroup(int[] cps, int start, int end) {
        if (end - start < 3) {
            return false;
        }
        for (int i = start; i < start + 3; i++) {
            if (!Character.isDigit(cps[i])) {
                return false;
            }
        }
        return end == start + 3 || !Character.isLetterOrDigit(cps[start + 3]);
    }
}
