package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readaloud.audio.WavReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `readaloud render` in-process: the contract's flags, its JSON, its timeline and its errors. */
@Timeout(90)
class RenderCommandTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path temp;

    @Test
    void render_json_describesTheOutputItWrote_andDrawsTheTimeline() throws Exception {
        Path reading = Path.of(System.getProperty("readaloud.home", ".."), "examples", "lighthouse.txt");
        Path output = temp.resolve("lighthouse.wav");
        Path timeline = temp.resolve("timeline.svg");

        int status = Main.run("render", reading.toString(), "-o", output.toString(), "--voice", "synthetic",
                "--concurrency", "2", "--json", "--timeline", timeline.toString(),
                "--data-dir", temp.resolve("data").toString());

        assertThat(status).as(console.stderr()).isZero();
        JsonNode summary = new ObjectMapper().readTree(console.stdout());
        byte[] wav = Files.readAllBytes(output);
        assertThat(summary.path("sha256").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wav)));
        assertThat(summary.path("audioDurationMs").asLong()).isEqualTo(WavReader.inspect(wav).durationMillis());
        assertThat(summary.path("chunks")).hasSize(summary.path("chunkCount").asInt());
        assertThat(summary.path("chunks").get(0).path("attempts").asInt()).isEqualTo(1);
        assertThat(summary.path("wallMs").asLong()).isPositive();
        assertThat(Files.readString(timeline)).startsWith("<svg").contains("lane 2").doesNotContain("lane 3");
        assertThat(console.stderr()).doesNotContain("\"event\"").doesNotContain("Elias");
    }

    @Test
    void render_ofAMissingFile_failsWithOneLineAndWritesNothing() {
        Path output = temp.resolve("out.wav");

        int status = Main.run("render", temp.resolve("nope.txt").toString(), "-o", output.toString(),
                "--voice", "synthetic", "--data-dir", temp.resolve("data").toString());

        assertThat(status).isEqualTo(1);
        assertThat(console.stderr().strip()).contains("no such file").doesNotContain("\n");
        assertThat(output).doesNotExist();
    }

    @Test
    void render_withEmptyText_isRefusedWithTheReason() throws Exception {
        Path blank = Files.writeString(temp.resolve("blank.txt"), "   \n\n  ");

        int status = Main.run("render", blank.toString(), "-o", temp.resolve("out.wav").toString(),
                "--voice", "synthetic", "--data-dir", temp.resolve("data").toString());

        assertThat(status).isEqualTo(1);
        assertThat(console.stderr()).containsIgnoringCase("text").containsIgnoringCase("empty");
    }

    @Test
    void render_withConcurrencyZero_isRefused() {
        int status = Main.run("render", "-", "--concurrency", "0", "--data-dir", temp.resolve("data").toString());

        assertThat(status).isEqualTo(1);
        assertThat(console.stderr()).contains("--concurrency must be 1 to 40, got 0");
    }
}
