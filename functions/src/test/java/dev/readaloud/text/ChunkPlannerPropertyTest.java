package dev.readaloud.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Invariants of every plan, over seeded random texts and settings. */
class ChunkPlannerPropertyTest {

    private static final int CASES = 400;

    static Stream<Arguments> cases() {
        return LongStream.range(0, CASES).mapToObj(seed -> {
            Random random = new Random(seed * 7919L + 17);
            int maxChars = 50 + random.nextInt(450);
            int minChars = random.nextInt(4) == 0 ? 0 : random.nextInt(maxChars / 4 + 1);
            int planWidth = 1 + random.nextInt(6);
            int approxChars = random.nextInt(3) == 0 ? 20 + random.nextInt(400) : 200 + random.nextInt(20_000);
            TextGenerator.Mix mix = seed % 2 == 0 ? TextGenerator.Mix.PROSE : TextGenerator.Mix.EVERYTHING;
            return Arguments.of(seed, TextGenerator.generate(seed, approxChars, maxChars, mix),
                    new ChunkSettings(maxChars, minChars, planWidth));
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("cases")
    void plan_keepsEveryInvariant(long seed, TextGenerator.Generated text, ChunkSettings settings) {
        assertThat(TextCleaner.clean(text.dirty())).as("cleaning the dirty form").isEqualTo(text.clean());

        ChunkPlan plan = ChunkPlanner.plan(text.dirty(), settings);

        List<PlanChecker.Seam> seams = PlanChecker.checkAlways(text.clean(), plan, settings);
        assertThat(ChunkPlanner.plan(text.dirty(), settings)).as("deterministic").isEqualTo(plan);
        for (PlanChecker.Seam seam : seams) {
            for (int[] span : text.protectedSpans()) {
                assertThat(seam.end() > span[0] && seam.end() < span[1])
                        .as("seam %s inside protected '%s'", seam, text.clean().substring(span[0], span[1]))
                        .isFalse();
            }
            String next = plan.chunks().get(seam.index() + 1).text();
            assertThat(next.codePointAt(0)).as("chunk %d starts with punctuation that closes the previous one: %s",
                    seam.index() + 1, next).isNotIn(closingCodePoints());
            String previous = plan.chunks().get(seam.index()).text();
            assertThat(previous.codePointBefore(previous.length())).as("chunk %d ends with an opening mark: %s",
                    seam.index(), previous).isNotIn((int) '“', (int) '(', (int) '「');
        }
        int length = text.clean().replace("\n\n", " ").codePointCount(0, text.clean().replace("\n\n", " ").length());
        int count = plan.chunks().size();
        int width = settings.planWidth();
        assertThat(count).isGreaterThanOrEqualTo((length + settings.maxChars() - 1) / settings.maxChars());
        if (!text.hasCjk()) {
            assertCount(text, settings, count, width);
        }
        boolean smallTokens = !text.hasGiantToken() && text.longestToken() * 4 <= settings.maxChars();
        for (List<Chunk> paragraph : byParagraph(plan)) {
            int paragraphChars = paragraph.stream().mapToInt(Chunk::chars).sum() + paragraph.size() - 1;
            if (paragraphChars >= settings.minChars() && smallTokens) {
                assertThat(paragraph).as("no chunk under min chars in a paragraph of %d", paragraphChars)
                        .allSatisfy(chunk -> assertThat(chunk.chars()).isGreaterThanOrEqualTo(settings.minChars()));
            }
            double mean = (double) paragraphChars / paragraph.size();
            if (paragraph.size() > 1 && !text.hasGiantToken() && mean >= 6.0 * text.longestToken()) {
                assertThat(paragraph).as("largest chunk at most 1.5x its paragraph's mean %.1f", mean).allSatisfy(
                        chunk -> assertThat((double) chunk.chars()).isLessThanOrEqualTo(1.5 * mean));
            }
        }
    }

    /** The plan's chunks grouped by paragraph: a paragraph's last chunk is the one marked PARAGRAPH. */
    private static List<List<Chunk>> byParagraph(ChunkPlan plan) {
        List<List<Chunk>> paragraphs = new java.util.ArrayList<>();
        List<Chunk> current = new java.util.ArrayList<>();
        for (Chunk chunk : plan.chunks()) {
            current.add(chunk);
            if (chunk.boundary() == Boundary.PARAGRAPH) {
                paragraphs.add(current);
                current = new java.util.ArrayList<>();
            }
        }
        return paragraphs;
    }

    static Stream<Arguments> tinyLimits() {
        return LongStream.range(0, 60).mapToObj(seed -> {
            Random random = new Random(seed);
            int maxChars = 1 + random.nextInt(8);
            return Arguments.of(seed, TextGenerator.generate(seed, 300, maxChars, TextGenerator.Mix.EVERYTHING),
                    new ChunkSettings(maxChars, random.nextInt(maxChars + 1), 1 + random.nextInt(4)));
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("tinyLimits")
    void plan_staysLosslessAndWithinTheLimitWhenTheLimitIsSmallerThanMostWords(
            long seed, TextGenerator.Generated text, ChunkSettings settings) {
        ChunkPlan plan = ChunkPlanner.plan(text.dirty(), settings);

        PlanChecker.checkAlways(text.clean(), plan, settings);
        assertThat(plan.chunks()).anyMatch(chunk -> chunk.boundary() == Boundary.HARD);
    }

    /**
     * The fewest chunks each paragraph needs (so an edit re-plans only its paragraph), except for a reading
     * of at most three rounds of the plan width, whose count is the smallest multiple of the width that fits.
     */
    private static void assertCount(TextGenerator.Generated text, ChunkSettings settings, int count, int width) {
        List<String> paragraphs = java.util.Arrays.asList(text.clean().split("\n\n"));
        int fewest = paragraphs.stream().mapToInt(p -> PlanChecker.fewestChunks(p, settings.maxChars())).sum();
        if (fewest > 3 * width) {
            assertThat(count).as("the fewest chunks of every paragraph, %d", fewest).isEqualTo(fewest);
            return;
        }
        int multiple = (fewest + width - 1) / width * width;
        assertThat(count).as("at most three rounds: between %d and the multiple %d", fewest, multiple)
                .isBetween(fewest, multiple);
        assertThat(count % width == 0 || count == fewest).as("count %d: a multiple of %d or the fewest %d",
                count, width, fewest).isTrue();
        String longest = paragraphs.stream().max(java.util.Comparator.comparingInt(String::length)).orElseThrow();
        int longestChars = longest.codePointCount(0, longest.length());
        int roomInLongest = PlanChecker.fewestChunks(longest, settings.maxChars()) + multiple - fewest;
        if ((long) roomInLongest * settings.minChars() * 2 <= longestChars && !text.hasGiantToken()
                && text.longestToken() * 4 <= settings.maxChars()) {
            assertThat(count).as("the smallest multiple of %d that fits", width).isEqualTo(multiple);
        }
    }

    private static Integer[] closingCodePoints() {
        return "”’)]}.,;:!?…」』，。、！？；".codePoints().boxed().toArray(Integer[]::new);
    }
}
