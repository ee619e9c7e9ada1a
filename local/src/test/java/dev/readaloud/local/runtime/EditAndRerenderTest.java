package dev.readaloud.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An author's edits to a rendered reading: the re-render pays only for the chunks the edit touched, and
 * sounds exactly like a fresh render of the edited text. A reading of about 3.3 kB in paragraphs of four
 * sentences, chunks of at most 200 characters (18 or so), the synthetic voice.
 */
@Timeout(300)
class EditAndRerenderTest {

    private static final int MAX_CHARS = 200;
    private static final String READING = RuntimeFixture.reading(21, 32);

    @TempDir
    Path temp;

    static Stream<Arguments> edits() {
        return Stream.of(
                Arguments.of("one sentence edited in the middle", (UnaryOperator<String>) text -> {
                    List<String> paragraphs = paragraphs(text);
                    int middle = paragraphs.size() / 2;
                    paragraphs.set(middle, paragraphs.get(middle).replaceFirst("\\. ", ", and the night was calm. "));
                    return String.join("\n\n", paragraphs);
                }),
                Arguments.of("one paragraph appended", (UnaryOperator<String>) text ->
                        text + "\n\nThe boat came back at last. He carried the coffee up the stairs himself."),
                Arguments.of("one paragraph deleted", (UnaryOperator<String>) text -> {
                    List<String> paragraphs = paragraphs(text);
                    paragraphs.remove(paragraphs.size() / 3);
                    return String.join("\n\n", paragraphs);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void aReRenderAfterAnEdit_synthesizesAtMostTwoChunks_andEqualsAFreshRenderOfTheEditedText(
            String edit, UnaryOperator<String> change) throws Exception {
        String edited = change.apply(READING);
        assertThat(edited).isNotEqualTo(READING);

        LocalRender.Outcome original;
        LocalRender.Outcome rerender;
        long jobsForTheEdit;
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("author"), RuntimeFixture.worker(3))) {
            original = render(runtime, READING, "original.wav");
            long before = runtime.worker().stats().jobsSubmitted();
            rerender = render(runtime, edited, "rerender.wav");
            jobsForTheEdit = runtime.worker().stats().jobsSubmitted() - before;
        }
        byte[] fresh;
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("fresh"), RuntimeFixture.worker(3))) {
            fresh = Files.readAllBytes(render(runtime, edited, "fresh.wav").output());
        }

        assertThat(original.result().chunkCount()).as("the reading's size").isBetween(14, 24);
        assertThat(rerender.result().chunksSynthesized()).as(edit).isLessThanOrEqualTo(2);
        assertThat(jobsForTheEdit).as("RunPod jobs the re-render paid for").isEqualTo(
                rerender.result().chunksSynthesized());
        assertThat(rerender.result().chunksReused())
                .isEqualTo(rerender.result().chunkCount() - rerender.result().chunksSynthesized());
        assertThat(Files.readAllBytes(rerender.output())).as("the re-render sounds like a fresh render").isEqualTo(fresh);
    }

    private LocalRender.Outcome render(LocalRuntime runtime, String text, String name) throws Exception {
        return LocalRender.render(runtime, new LocalRender.Request(text, "synthetic", 3, MAX_CHARS, 0),
                temp.resolve(name), timeline -> { });
    }

    private static List<String> paragraphs(String text) {
        return new ArrayList<>(List.of(text.split("\n\n")));
    }
}
