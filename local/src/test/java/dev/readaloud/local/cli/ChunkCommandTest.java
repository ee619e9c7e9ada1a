package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readaloud.text.ChunkPlanner;
import dev.readaloud.text.ChunkSettings;
import dev.readaloud.text.TextCleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ChunkCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path dir;

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : console.stdout().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void chunk_printsOneJsonObjectPerChunkInTextOrder() throws Exception {
        Path lighthouse = Path.of(System.getProperty("readaloud.home", ".."), "examples", "lighthouse.txt");
        String text = Files.readString(lighthouse);

        int status = Main.run("chunk", lighthouse.toString(), "--max-chars", "200", "--plan-width", "3");

        assertThat(status).isZero();
        assertThat(console.stderr()).isEmpty();
        List<JsonNode> lines = lines();
        assertThat(lines).hasSizeGreaterThan(3);
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            assertThat(line.get("index").asInt()).isEqualTo(i);
            String chunk = line.get("text").asText();
            assertThat(line.get("chars").asInt()).isEqualTo(chunk.codePointCount(0, chunk.length())).isLessThanOrEqualTo(200);
            assertThat(line.get("boundary").asText()).isIn("PARAGRAPH", "SENTENCE", "CLAUSE", "WORD", "HARD");
            joined.append(i == 0 ? "" : " ").append(chunk);
        }
        assertThat(joined.toString()).isEqualTo(TextCleaner.clean(text).replace("\n\n", " "));
        assertThat(lines.getLast().get("boundary").asText()).isEqualTo("PARAGRAPH");
    }

    @Test
    void chunk_readsStandardInputAndKeepsUnicode() throws Exception {
        String text = "今日は雨です。明日は晴れるでしょう！ Café naïve — «quoted».";
        console.input(text);

        int status = Main.run("chunk", "-", "--max-chars", "20", "--min-chars", "0", "--plan-width", "1");

        assertThat(status).isZero();
        List<String> texts = lines().stream().map(line -> line.get("text").asText()).toList();
        List<String> expected = ChunkPlanner.plan(text, new ChunkSettings(20, 0, 1)).chunks().stream()
                .map(dev.readaloud.text.Chunk::text).toList();
        assertThat(texts).isEqualTo(expected).contains("今日は雨です。明日は晴れるでしょう！", "Café naïve —");
    }

    @Test
    void chunk_usesTheDefaultSettingsWhenNoneAreGiven() throws Exception {
        Path file = dir.resolve("reading.txt");
        String text = "The keeper climbed the stairs. ".repeat(40);
        Files.writeString(file, text);

        int status = Main.run("chunk", file.toString());

        assertThat(status).isZero();
        assertThat(lines()).hasSize(ChunkPlanner.plan(text, ChunkSettings.defaults()).chunks().size());
    }

    @Test
    void chunk_namesAMissingFile() {
        String missing = dir.resolve("nowhere.txt").toString();

        int status = Main.run("chunk", missing);

        assertThat(status).isNotZero();
        assertThat(console.stdout()).isEmpty();
        assertThat(console.stderr()).isEqualTo("readaloud chunk: no such file: " + missing
                + System.lineSeparator());
    }

    @Test
    void chunk_rejectsAnEmptyText() throws Exception {
        Path file = dir.resolve("blank.txt");
        Files.writeString(file, " \n\n\t ");

        int status = Main.run("chunk", file.toString());

        assertThat(status).isNotZero();
        assertThat(console.stderr().strip()).isEqualTo(
                "readaloud chunk: text holds no readable characters (only whitespace or control characters)");
    }

    @Test
    void chunk_rejectsTextThatIsNotUtf8() throws Exception {
        Path file = dir.resolve("latin1.txt");
        Files.write(file, new byte[] {'c', 'a', 'f', (byte) 0xE9});

        int status = Main.run("chunk", file.toString());

        assertThat(status).isNotZero();
        assertThat(console.stderr().strip())
                .isEqualTo("readaloud chunk: " + file + " is not valid UTF-8 text");
    }

    @Test
    void chunk_rejectsImpossibleSettingsNamingTheFlag() throws Exception {
        Path file = dir.resolve("reading.txt");
        Files.writeString(file, "Some text.");

        assertThat(Main.run("chunk", file.toString(), "--max-chars", "0")).isNotZero();
        assertThat(Main.run("chunk", file.toString(), "--max-chars", "10", "--min-chars", "11")).isNotZero();
        assertThat(Main.run("chunk", file.toString(), "--plan-width", "0")).isNotZero();

        assertThat(console.stderr().lines().toList()).containsExactly(
                "readaloud chunk: --max-chars must be at least 1, got 0",
                "readaloud chunk: --min-chars must be between 0 and --max-chars (10), got 11",
                "readaloud chunk: --plan-width must be at least 1, got 0");
        assertThat(console.stdout()).isEmpty();
    }

    @Test
    void chunk_stillTakesTheDeprecatedConcurrencyAsThePlanWidth_hiddenFromHelp() {
        Path lighthouse = Path.of(System.getProperty("readaloud.home", ".."), "examples", "lighthouse.txt");

        ConsoleCapture.Run current = ConsoleCapture.run("chunk", lighthouse.toString(), "--plan-width", "5");
        ConsoleCapture.Run deprecated = ConsoleCapture.run("chunk", lighthouse.toString(), "--concurrency", "5");
        ConsoleCapture.Run help = ConsoleCapture.run("chunk", "--help");

        assertThat(deprecated.status()).isZero();
        assertThat(deprecated.stdout()).isEqualTo(current.stdout()).isNotEmpty();
        assertThat(deprecated.stderr()).contains("--concurrency is deprecated", "--plan-width 5");
        assertThat(current.stderr()).isEmpty();
        assertThat(help.stdout()).contains("--plan-width").doesNotContain("--concurrency");
    }
}
