package dev.readaloud.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random readings for property tests and benchmarks: sentences with abbreviations,
 * numbers, quotes, brackets, URLs, e-mail addresses, ellipses and dashes, paragraphs, Chinese
 * and Japanese passages, giant sentences and giant tokens. Every text comes in its cleaned form
 * and in a "dirty" form (CRLF, tabs, repeated spaces, control characters, decomposed accents)
 * that {@link TextCleaner} must turn back into the cleaned form.
 */
public final class TextGenerator {

    /** A generated reading. Protected spans are [start, end) offsets in {@code clean} that no cut may fall inside. */
    public record Generated(String clean, String dirty, List<int[]> protectedSpans, boolean hasGiantToken,
                            boolean hasCjk, int longestToken) {
    }

    /** What to put into a text; probabilities per sentence. */
    public record Mix(double giantSentence, double giantToken, double cjkParagraph, double dirt) {
        public static final Mix PROSE = new Mix(0.0, 0.0, 0.0, 0.0);
        public static final Mix EVERYTHING = new Mix(0.03, 0.02, 0.15, 0.3);
    }

    private static final String[] WORDS = ("the a of and to in he she it was had his her they light sea boat "
            + "keeper night storm wind lamp window harbour village morning evening letter station river bridge "
            + "quietly slowly never always almost every nothing something remembered answered wrote carried "
            + "walked listened against between through beyond under before after because although while café "
            + "naïve extraordinary responsibility misunderstanding characteristically").split(" ");
    private static final String[] NAMES = {"Smith", "Thorne", "Okafor", "Lindqvist", "Moreau", "Tanaka"};
    private static final String[] TITLES = {"Mr.", "Mrs.", "Dr.", "St.", "Prof."};
    private static final String[] MID_ABBREVIATIONS = {"e.g.", "i.e.", "U.S.", "p.m.", "a.m.", "etc.", "Jan.", "vs."};
    private static final String[] NUMBERS = {"3.14", "1,000", "12,345.67", "0.5", "1962", "4:30", "98.6%", "2,500,000"};
    private static final String[] URLS = {"https://example.com/a/b?x=1", "www.example.org/page.html",
        "http://gannet.example/log-1962"};
    private static final String[] EMAILS = {"elias.thorne@example.org", "keeper@lighthouse.example"};
    private static final String CJK_CHARS = "灯台守の夜は長く海が荒れて船が見えない光を守る人がいた風雨中国人民生活学习工作时间";
    private static final String[] CJK_CLAUSE = {"，", "、", "；"};
    private static final String[] CJK_END = {"。", "！", "？"};

    private final Random random;
    private final StringBuilder clean = new StringBuilder();
    private final List<int[]> spans = new ArrayList<>();
    private boolean giantToken;
    private boolean cjk;
    private int longestToken;
    private int maxChars;

    private TextGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** A text of about {@code approxChars} characters; {@code maxChars} sizes giant tokens and sentences. */
    public static Generated generate(long seed, int approxChars, int maxChars, Mix mix) {
        TextGenerator generator = new TextGenerator(seed);
        generator.maxChars = maxChars;
        return generator.build(approxChars, mix);
    }

    private Generated build(int approxChars, Mix mix) {
        while (clean.length() < approxChars) {
            if (!clean.isEmpty()) {
                clean.append("\n\n");
            }
            if (random.nextDouble() < mix.cjkParagraph()) {
                cjkParagraph();
            } else {
                paragraph(mix);
            }
        }
        String text = clean.toString();
        String dirty = random.nextDouble() < mix.dirt() || mix.dirt() > 0 && text.length() < 200
                ? dirty(text) : text;
        return new Generated(text, dirty, List.copyOf(spans), giantToken, cjk, longestToken);
    }

    private void paragraph(Mix mix) {
        int sentences = 1 + random.nextInt(7);
        for (int s = 0; s < sentences; s++) {
            if (s > 0) {
                clean.append(' ');
            }
            double roll = random.nextDouble();
            if (roll < mix.giantToken()) {
                int length = maxChars + 1 + random.nextInt(maxChars * 2);
                int start = clean.length();
                for (int i = 0; i < length; i++) {
                    clean.append((char) ('a' + random.nextInt(26)));
                }
                clean.append('.');
                giantToken = true;
                longestToken = Math.max(longestToken, clean.length() - start);
            } else if (roll < mix.giantToken() + mix.giantSentence()) {
                sentence(40 + random.nextInt(Math.max(1, maxChars / 3)), true);
            } else {
                sentence(4 + random.nextInt(18), random.nextInt(4) == 0);
            }
        }
    }

    private void sentence(int words, boolean clauses) {
        boolean quoted = random.nextInt(6) == 0;
        boolean bracketed = !quoted && random.nextInt(12) == 0;
        if (quoted) {
            clean.append('“');
        }
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                clean.append(clauses && random.nextInt(6) == 0 ? randomOf(", ", "; ", ": ", " — ") : " ");
            }
            if (bracketed && w == words / 2) {
                clean.append('(');
            }
            word(w == 0);
            if (bracketed && w == words / 2) {
                clean.append(')');
            }
        }
        int ending = random.nextInt(10);
        String end = ending < 6 ? "." : ending == 6 ? "!" : ending == 7 ? "?" : ending == 8 ? "..." : "…";
        int start = clean.length();
        clean.append(end);
        if (end.length() > 1) {
            protect(start - 1, clean.length());
        }
        if (quoted) {
            clean.append('”');
        }
    }

    private void word(boolean first) {
        int kind = random.nextInt(40);
        int start = clean.length();
        String token;
        if (kind == 0) {
            token = randomOf(TITLES) + " " + randomOf(NAMES);
            clean.append(token);
            protect(start, start + token.indexOf(' '));
        } else if (kind == 1) {
            token = randomOf(MID_ABBREVIATIONS);
            clean.append(token);
            protect(start, clean.length());
        } else if (kind <= 3) {
            token = randomOf(NUMBERS);
            clean.append(token);
            protect(start, clean.length());
        } else if (kind == 4) {
            token = random.nextBoolean() ? randomOf(URLS) : randomOf(EMAILS);
            clean.append(token);
            protect(start, clean.length());
        } else if (kind == 5) {
            token = randomOf(NAMES);
            clean.append(token);
        } else {
            token = randomOf(WORDS);
            clean.append(first ? Character.toUpperCase(token.charAt(0)) + token.substring(1) : token);
        }
        for (String part : token.split(" ")) {
            longestToken = Math.max(longestToken, part.length() + 3);
        }
    }

    private void cjkParagraph() {
        cjk = true;
        int sentences = 1 + random.nextInt(5);
        for (int s = 0; s < sentences; s++) {
            boolean quoted = random.nextInt(5) == 0;
            if (quoted) {
                clean.append('「');
            }
            int clauses = 1 + random.nextInt(4);
            for (int c = 0; c < clauses; c++) {
                int length = 3 + random.nextInt(20);
                for (int i = 0; i < length; i++) {
                    clean.append(CJK_CHARS.charAt(random.nextInt(CJK_CHARS.length())));
                }
                clean.append(c == clauses - 1 ? randomOf(CJK_END) : randomOf(CJK_CLAUSE));
            }
            if (quoted) {
                clean.append('」');
            }
        }
    }

    private void protect(int start, int end) {
        spans.add(new int[] {start, end});
    }

    private String randomOf(String... options) {
        return options[random.nextInt(options.length)];
    }

    /** The same text as a careless source would give it: the cleaner must undo all of this. */
    private String dirty(String text) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 8);
        out.append(randomOf("", "  ", "\n", "\uFEFF", "\t \r\n"));
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                out.append(randomOf("\r\n\r\n", "\n\n\n", "\n \t\n", "\r\r", "\u2029", "\n\u00a0\n".replace('\u00a0', ' ')));
                i++;
            } else if (c == ' ') {
                out.append(randomOf(" ", " ", " ", "  ", "\t", "\r\n", " \n ", "\u3000", "\u2028"));
            } else if (c == 'é' || c == 'ï') {
                out.append(c == 'é' ? "e\u0301" : "i\u0308");
            } else {
                out.append(c);
                if (random.nextInt(200) == 0) {
                    out.append(randomOf("\u0000", "\u0007", "\u001B", "\u007F", "\u200B"));
                }
            }
        }
        out.append(randomOf("", "\n", "  \r\n\r\n", "\t"));
        return out.toString();
    }
}
