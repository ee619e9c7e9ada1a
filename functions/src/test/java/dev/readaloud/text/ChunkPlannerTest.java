package dev.readaloud.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Named cases for each trap a chunker can fall into. */
class ChunkPlannerTest {

    private static List<Chunk> plan(String text, int maxChars, int minChars, int planWidth) {
        ChunkSettings settings = new ChunkSettings(maxChars, minChars, planWidth);
        ChunkPlan plan = ChunkPlanner.plan(text, settings);
        PlanChecker.checkAlways(TextCleaner.clean(text), plan, settings);
        return plan.chunks();
    }

    private static List<String> texts(List<Chunk> chunks) {
        return chunks.stream().map(Chunk::text).toList();
    }

    @Test
    void plan_neverEndsAChunkAfterATitleWhenAnotherCutFits() {
        String text = "Yesterday Mr. Smith and Dr. Jones walked to St. Mary's church with Prof. Lee and Mrs. Okafor. "
                .repeat(12);

        List<Chunk> chunks = plan(text, 60, 0, 1);

        assertThat(texts(chunks)).hasSizeGreaterThan(12)
                .noneMatch(t -> t.endsWith(" Mr.") || t.endsWith(" Dr.") || t.endsWith(" St.")
                        || t.endsWith(" Prof.") || t.endsWith(" Mrs."));
    }

    @Test
    void plan_doesNotTakeAbbreviationsForSentenceEnds() {
        String text = "We left at 4 p.m. and sailed to the U.S. on Jan. 5 with supplies, e.g. coffee, "
                + "i.e. the good kind, etc. and more.";

        List<Chunk> chunks = plan(text, 20, 0, 1);

        for (Chunk chunk : chunks.subList(0, chunks.size() - 1)) {
            assertThat(chunk.boundary()).as(chunk.text()).isNotEqualTo(Boundary.SENTENCE);
        }
        assertThat(String.join(" ", texts(chunks))).isEqualTo(text);
    }

    @Test
    void plan_findsSentenceEndsThroughClosingQuotesAndBrackets() {
        String text = "He said, \"Stop.\" Then he left (slowly.) After that \u201cnothing\u201d? Silence.";

        List<Chunk> chunks = plan(text, 21, 0, 5);

        assertThat(texts(chunks)).containsExactly("He said, \"Stop.\"", "Then he left", "(slowly.)",
                "After that \u201cnothing\u201d?", "Silence.");
        assertThat(chunks.get(0).boundary()).isEqualTo(Boundary.SENTENCE);
        assertThat(chunks.get(1).boundary()).isEqualTo(Boundary.CLAUSE);
        assertThat(chunks.get(2).boundary()).isEqualTo(Boundary.SENTENCE);
        assertThat(chunks.get(3).boundary()).isEqualTo(Boundary.SENTENCE);
    }

    @Test
    void plan_keepsNumbersWhole() {
        String text = "Pi is 3.14159, a thousand is 1,000, a big one is 12,345,678.90 and a million 1 000 000 here.";

        List<Chunk> chunks = plan(text, 16, 0, 1);

        assertThat(texts(chunks)).anyMatch(t -> t.contains("3.14159,")).anyMatch(t -> t.contains("1,000,"))
                .anyMatch(t -> t.contains("12,345,678.90")).anyMatch(t -> t.contains("1 000 000"));
    }

    @Test
    void plan_keepsEllipsesWhole() {
        String text = "Wait . . . what was that? He paused... then spoke\u2026 and stopped. . . . The end came.";

        List<Chunk> chunks = plan(text, 14, 0, 1);

        assertThat(texts(chunks)).noneMatch(t -> t.startsWith(".") || t.startsWith("\u2026"))
                .anyMatch(t -> t.contains("Wait . . .")).anyMatch(t -> t.contains("paused..."))
                .anyMatch(t -> t.contains("stopped. . . ."));
    }

    @Test
    void plan_keepsUrlsAndEmailAddressesWhole() {
        String url = "https://example.com/keepers/log.html?year=1962";
        String email = "elias.thorne@lighthouse.example";
        String text = "The log is at " + url + " and questions go to " + email + ", please.";

        List<Chunk> chunks = plan(text, 50, 0, 1);

        assertThat(texts(chunks)).anyMatch(t -> t.contains(url)).anyMatch(t -> t.contains(email));
        assertThat(chunks).noneMatch(c -> c.boundary() == Boundary.HARD);
    }

    @Test
    void plan_cutsHardOnlyInsideATokenLongerThanTheLimit() {
        String giant = "x".repeat(50);
        String text = "Short words here, " + giant + ". Then more short words follow.";

        List<Chunk> chunks = plan(text, 20, 0, 1);

        assertThat(chunks).filteredOn(c -> c.boundary() == Boundary.HARD).isNotEmpty()
                .allMatch(c -> c.text().endsWith("x") && chunks.get(c.index() + 1).text().startsWith("x"));
        assertThat(texts(chunks)).noneMatch(t -> t.startsWith("."));
    }

    @Test
    void plan_neverCutsHardATokenThatFits() {
        String token = "y".repeat(20);
        String text = (token + " ").repeat(9).trim();

        List<Chunk> chunks = plan(text, 20, 0, 1);

        assertThat(texts(chunks)).hasSize(9).allMatch(token::equals);
        assertThat(chunks).noneMatch(c -> c.boundary() == Boundary.HARD);
    }

    @Test
    void plan_splitsJapaneseAtItsOwnPunctuationKeepingClosingBracketsWithTheSentence() {
        String text = "今日は雨です。明日は晴れるでしょう！本当ですか？「そうですね。」と彼は言った。";

        List<Chunk> chunks = plan(text, 12, 0, 5);

        assertThat(texts(chunks)).containsExactly("今日は雨です。", "明日は晴れるでしょう！", "本当ですか？", "「そうですね。」",
                "と彼は言った。");
        assertThat(chunks.get(0).boundary()).isEqualTo(Boundary.SENTENCE);
        assertThat(chunks.get(3).boundary()).isEqualTo(Boundary.SENTENCE);
    }

    @Test
    void plan_splitsChineseAtCommasWhenASentenceIsTooLong() {
        String text = "我们今天早上去公园散步，然后去图书馆看书；晚上回家做饭、洗碗和休息。";

        List<Chunk> chunks = plan(text, 13, 0, 1);

        assertThat(texts(chunks)).containsExactly("我们今天早上去公园散步，", "然后去图书馆看书；", "晚上回家做饭、洗碗和休息。");
        assertThat(chunks.get(0).boundary()).isEqualTo(Boundary.CLAUSE);
    }

    @Test
    void plan_cutsChineseBetweenCharactersRatherThanHardWhenThereIsNoPunctuation() {
        String text = "灯台守の夜は長く海が荒れて船が見えない光を守る人がいた";

        List<Chunk> chunks = plan(text, 10, 0, 1);

        assertThat(chunks).hasSize(3).allMatch(c -> c.boundary() != Boundary.HARD);
    }

    @Test
    void plan_reportsHowEachChunkEnds() {
        String text = "First paragraph ends here.\n\nSecond one has a clause; and a sentence. Another sentence follows "
                + "it without any pause at all";

        List<Chunk> chunks = plan(text, 30, 0, 1);

        assertThat(chunks).extracting(Chunk::boundary).containsExactly(Boundary.PARAGRAPH, Boundary.CLAUSE,
                Boundary.SENTENCE, Boundary.WORD, Boundary.PARAGRAPH);
    }

    @Test
    void plan_roundsAShortReadingUpToFullRounds_andGivesALongOneTheFewestChunksOfEachParagraph() {
        String sentence = "This sentence is exactly long enough to be counted in this test of balance. ";
        String text = sentence.repeat(10);
        String paragraph = sentence.repeat(3).strip();
        String longText = String.join("\n\n", java.util.Collections.nCopies(10, paragraph));

        List<Chunk> one = plan(text, 250, 0, 1);
        List<Chunk> three = plan(text, 250, 0, 3);
        List<Chunk> five = plan(text, 250, 0, 5);

        assertThat(one).hasSize(4);
        assertThat(three).as("4 chunks needed: within three rounds of 3, rounded up to 6").hasSize(6);
        assertThat(five).as("4 chunks needed: rounded up to one round of 5").hasSize(5);
        assertThat(three).allMatch(c -> c.boundary() != Boundary.WORD);
        assertThat(plan(longText, 250, 0, 3)).as("10 paragraphs of one chunk: more than three rounds of 3, "
                + "the fewest").hasSize(10);
        assertThat(plan(longText, 250, 0, 4)).as("10 paragraphs: within three rounds of 4, rounded up to 12")
                .hasSize(12);
    }

    @Test
    void plan_balancesEachParagraphsChunksWithinOneAndAHalfTimesItsMean() {
        String text = TextGenerator.generate(42, 30_000, 300, TextGenerator.Mix.PROSE).clean();

        List<Chunk> chunks = plan(text, 300, 40, 3);

        List<Chunk> paragraph = new java.util.ArrayList<>();
        for (Chunk chunk : chunks) {
            paragraph.add(chunk);
            if (chunk.boundary() == Boundary.PARAGRAPH) {
                double mean = paragraph.stream().mapToInt(Chunk::chars).average().orElseThrow();
                assertThat(paragraph).allMatch(c -> c.chars() <= 1.5 * mean);
                paragraph.clear();
            }
        }
        assertThat(chunks).filteredOn(c -> c.chars() < 40).allMatch(c -> c.boundary() == Boundary.PARAGRAPH);
    }

    @Test
    void plan_keepsATextShorterThanMinCharsInOneChunk() {
        List<Chunk> chunks = plan("Hello there. Bye now.", 400, 40, 3);

        assertThat(texts(chunks)).containsExactly("Hello there. Bye now.");
    }

    @Test
    void plan_splitsAShortTextIntoPlanWidthChunksWhenMinCharsAllows() {
        String text = "The first sentence is here. The second sentence is here. The third sentence is here.";

        List<Chunk> chunks = plan(text, 400, 10, 3);

        assertThat(texts(chunks)).containsExactly("The first sentence is here.", "The second sentence is here.",
                "The third sentence is here.");
    }

    @Test
    void plan_fallsBackToFewerChunksRatherThanGoUnderMinChars() {
        String text = "The first sentence is here. The second sentence is here. The third sentence is here.";

        List<Chunk> chunks = plan(text, 400, 40, 3);

        assertThat(chunks).hasSize(1);
    }

    @Test
    void plan_doesNotCutAtANonBreakingSpace() {
        String text = "It weighs 10\u00A0kg and stands 2\u00A0m tall in the yard.";

        List<Chunk> chunks = plan(text, 12, 0, 1);

        assertThat(texts(chunks)).anyMatch(t -> t.contains("10\u00A0kg")).anyMatch(t -> t.contains("2\u00A0m"));
    }

    @Test
    void plan_neverSplitsACombinedCharacterOrEmojiInAHardCut() {
        String flag = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        String text = (flag + "e\u0301").repeat(10);

        List<Chunk> chunks = plan(text, 7, 0, 1);

        assertThat(chunks).allSatisfy(c -> assertThat(c.text()).doesNotStartWith("\u200D")
                .doesNotStartWith("\u0301").doesNotEndWith("\u200D"));
    }

    @Test
    void plan_countsCharactersInCodePoints() {
        String text = "\uD835\uDD38\uD835\uDD39 ok";

        List<Chunk> chunks = plan(text, 5, 0, 1);

        assertThat(chunks).singleElement().extracting(Chunk::chars).isEqualTo(5);
    }

    @Test
    void plan_isLosslessOnAMegabyteOfText() {
        TextGenerator.Generated text = TextGenerator.generate(7, 1_000_000, 400, TextGenerator.Mix.EVERYTHING);

        ChunkSettings settings = new ChunkSettings(400, 40, 3);

        PlanChecker.checkAlways(text.clean(), ChunkPlanner.plan(text.dirty(), settings), settings);
    }

    @Test
    void plan_rejectsEmptyText() {
        assertThatThrownBy(() -> ChunkPlanner.plan(" \n\t ", ChunkSettings.defaults()))
                .isInstanceOf(InvalidTextException.class).hasMessageContaining("no readable characters");
    }

    @Test
    void plan_speaksAHeadingAloneEvenWhenItWouldFitWithTheNextSentence() {
        String text = "The Keeper\n\nFor thirty years he kept the light. He never missed a night.";

        List<Chunk> chunks = plan(text, 400, 40, 1);

        assertThat(texts(chunks)).containsExactly("The Keeper",
                "For thirty years he kept the light. He never missed a night.");
        assertThat(chunks.getFirst().boundary()).isEqualTo(Boundary.PARAGRAPH);
    }

    @Test
    void plan_endsAChunkAtEveryParagraphBreakWhateverThePlanWidth() {
        String paragraph = "A short paragraph of two sentences. It ends here.";
        String text = String.join("\n\n", paragraph, paragraph, paragraph, paragraph);

        for (int width = 1; width <= 6; width++) {
            List<Chunk> chunks = plan(text, 400, 10, width);

            assertThat(chunks.stream().filter(c -> c.boundary() == Boundary.PARAGRAPH).count())
                    .as("paragraph ends at width %d", width).isEqualTo(4);
            assertThat(chunks).as("no chunk spans two paragraphs at width %d", width)
                    .allMatch(c -> c.text().length() <= paragraph.length());
        }
        assertThat(plan(text, 400, 10, 3)).as("4 paragraphs at width 3: rounded up to 6").hasSize(6);
    }

    @Test
    void plan_givesTheExtraChunksOfTheWidthToTheLongestParagraphs() {
        String longParagraph = "This sentence is exactly long enough to be counted in this test. ".repeat(4).strip();
        String text = "Title\n\n" + longParagraph + "\n\nA short closing paragraph.";

        List<Chunk> chunks = plan(text, 400, 20, 3);

        assertThat(texts(chunks)).hasSize(3).startsWith("Title").endsWith("A short closing paragraph.");
        assertThat(plan(text, 400, 20, 5)).as("two extras, both in the long paragraph").hasSize(5)
                .filteredOn(c -> c.boundary() == Boundary.SENTENCE).hasSize(2);
    }
}
