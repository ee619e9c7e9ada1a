package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readaloud.audio.LoudnessMeasurement;
import dev.readaloud.audio.LoudnessMeter;
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
        // The output's loudness, as the stitch measured it while writing it.
        LoudnessMeasurement measured = LoudnessMeter.measure(wav);
        assertThat(summary.at("/loudness/integratedLufs").asDouble())
                .isEqualTo(Math.round(measured.integratedLufs() * 100) / 100.0);
        assertThat(summary.at("/loudness/truePeakDbtp").asDouble()).isLessThanOrEqualTo(-3.0);
        assertThat(summary.at("/loudness/acx/pass").isBoolean()).isTrue();
        assertThat(console.stderr()).doesNotContain("\"event\"").doesNotContain("Elias");
    }

    @Test
    void render_summary_saysTheLoudnessInOneLine() throws Exception {
        Path reading = Path.of(System.getProperty("readaloud.home", ".."), "examples", "lighthouse.txt");

        int status = Main.run("render", reading.toString(), "-o", temp.resolve("off.wav").toString(), "--voice",
                "synthetic", "--loudness", "off", "--data-dir", temp.resolve("data").toString());

        assertThat(status).as(console.stderr()).isZero();
        assertThat(console.stdout().lines().filter(line -> line.startsWith("  loudness ")).toList()).singleElement()
                .satisfies(line -> assertThat(line).contains(" LUFS integrated, range ").contains(" dBTP; ACX "));
    }

    @Test
    void render_withAnImpossibleLoudness_isRefusedBeforeAnythingStarts() {
        int status = Main.run("render", "-", "--loudness", "-60", "--data-dir", temp.resolve("data").toString());

        assertThat(status).isEqualTo(1);
        assertThat(console.stderr().strip()).isEqualTo("readaloud render: '-60' is not a loudness: expected a target"
                + " in LUFS from -40 to -5 (e.g. -18) or off");
        assertThat(temp.resolve("data")).doesNotExist();
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
