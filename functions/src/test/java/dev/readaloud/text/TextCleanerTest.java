package dev.readaloud.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextCleanerTest {

    @Test
    void clean_collapsesWhitespaceRunsAndKeepsBlankLinesAsParagraphBreaks() {
        String text = "  One\ttwo   three\nfour.\r\n\r\nFive \r\n \t\r\n six.\rseven\n\n\n\neight  ";

        assertThat(TextCleaner.clean(text)).isEqualTo("One two three four.\n\nFive\n\nsix. seven\n\neight");
    }

    @Test
    void clean_treatsUnicodeSeparatorsAsLineAndParagraphBreaks() {
        assertThat(TextCleaner.clean("a\u2028b\u2029c\u0085d")).isEqualTo("a b\n\nc d");
    }

    @Test
    void clean_normalizesToNfc() {
        String decomposed = "cafe\u0301 nai\u0308ve";

        assertThat(TextCleaner.clean(decomposed)).isEqualTo("caf\u00e9 na\u00efve");
    }

    @Test
    void clean_removesControlAndInvisibleCharactersWithoutSplittingWords() {
        String text = "\uFEFFli\u0000ght\u0007house\u001B keep\u00ADer\u200B \u007Fnow";

        assertThat(TextCleaner.clean(text)).isEqualTo("lighthouse keeper now");
    }

    @Test
    void clean_keepsNonBreakingSpaces() {
        assertThat(TextCleaner.clean("10\u00A0kg and 5\u202Fm")).isEqualTo("10\u00A0kg and 5\u202Fm");
    }

    @Test
    void clean_keepsEmojiSequencesWhole() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";

        assertThat(TextCleaner.clean(" " + family + " ok")).isEqualTo(family + " ok");
    }

    @Test
    void clean_rejectsEmptyText() {
        assertThatThrownBy(() -> TextCleaner.clean(""))
                .isInstanceOf(InvalidTextException.class).hasMessage("text is empty");
    }

    @Test
    void clean_rejectsWhitespaceAndControlOnlyText() {
        assertThatThrownBy(() -> TextCleaner.clean(" \r\n\t\u0000\u2029 "))
                .isInstanceOf(InvalidTextException.class)
                .hasMessage("text holds no readable characters (only whitespace or control characters)");
    }

    @Test
    void clean_rejectsNull() {
        assertThatThrownBy(() -> TextCleaner.clean(null))
                .isInstanceOf(InvalidTextException.class).hasMessageContaining("null");
    }
}
