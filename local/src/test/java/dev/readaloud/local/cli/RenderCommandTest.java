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
        // The render's cost, from result.json: here the Plan's and the Stitch's invocations, the state transitions
        // and S3 requests around them (each chunk adds its own once SynthesizeChunk records what it spent).
        JsonNode cost = summary.path("cost");
        int chunkCount = summary.path("chunkCount").asInt();
        assertThat(cost.path("lambdaInvocations").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(cost.path("lambdaGbSeconds").asDouble()).isPositive();
        assertThat(cost.path("stateTransitions").asLong()).isGreaterThanOrEqualTo(2 + 2 + chunkCount);
        assertThat(cost.path("s3WriteRequests").asLong()).isPositive();
        assertThat(cost.path("s3ReadRequests").asLong()).isGreaterThan(chunkCount);
        assertThat(cost.path("s3Requests").asLong())
                .isEqualTo(cost.path("s3WriteRequests").asLong() + cost.path("s3ReadRequests").asLong());
        assertThat(cost.at("/usd/total").decimalValue()).isPositive();
        assertThat(cost.at("/prices/runpodPerSecond").decimalValue()).isPositive();
        assertThat(cost.path("basis").asText()).isNotBlank();
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
        assertThat(console.stdout().lines().filter(line -> line.startsWith("  cost     ")).toList()).singleElement()
                .satisfies(line -> assertThat(line).matches("  cost     \\$\\d+\\.\\d{4,6} — RunPod \\d+ s, Lambda "
                        + "\\d+\\.\\d GB-s in \\d+ invocations, \\d+ state transitions, \\d+ S3 requests"));
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

    @Test
    void render_summary_showsTheTimeTheSpeedupComparesWith_andTellsReusedFromSynthesized() throws Exception {
        Path reading = Path.of(System.getProperty("readaloud.home", ".."), "examples", "lighthouse.txt");
        Path output = temp.resolve("lighthouse.wav");
        String data = temp.resolve("data").toString();

        ConsoleCapture.Run first = ConsoleCapture.run("render", reading.toString(), "--output", output.toString(),
                "--voice", "synthetic", "--concurrency", "3", "--data-dir", data);
        ConsoleCapture.Run again = ConsoleCapture.run("render", reading.toString(), "--output", output.toString(),
                "--voice", "synthetic", "--concurrency", "3", "--data-dir", data, "--force");

        assertThat(first.status()).as(first.stderr()).isZero();
        assertThat(first.stdout()).contains("6 chunks at concurrency 3 (6 synthesized)")
                .containsPattern("speedup \\d+\\.\\d\\dx over one chunk at a time \\(the chunks' summed synthesis"
                        + " time, \\d+\\.\\d s, over the execution's \\d+\\.\\d s\\)");
        assertThat(again.status()).as(again.stderr()).isZero();
        assertThat(again.stdout()).contains("all 6 reused from an earlier run of this request, none synthesized",
                "nothing synthesized").doesNotContain("speedup");
    }

    @Test
    void render_atConcurrencyOne_claimsNoSpeedup() {
        Path reading = Path.of(System.getProperty("readaloud.home", ".."), "examples", "lighthouse.txt");

        ConsoleCapture.Run run = ConsoleCapture.run("render", reading.toString(), "-o", temp.resolve("one.wav").toString(),
                "--voice", "synthetic", "--concurrency", "1", "--data-dir", temp.resolve("data").toString());

        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("(6 synthesized)").containsPattern("synthesis took \\d+\\.\\d s, one at a time")
                .doesNotContain("speedup").doesNotContainPattern("\\dx ");
    }

    @Test
    void render_json_countsReusedAndSynthesizedChunks() throws Exception {
        Path reading = Path.of(System.getProperty("readaloud.home", ".."), "examples", "lighthouse.txt");

        ConsoleCapture.Run run = ConsoleCapture.run("render", reading.toString(), "-o", temp.resolve("j.wav").toString(),
                "--voice", "synthetic", "--json", "--data-dir", temp.resolve("data").toString());

        assertThat(run.status()).as(run.stderr()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.stdout());
        assertThat(json.path("chunksSynthesized").asInt()).isEqualTo(json.path("chunkCount").asInt());
        assertThat(json.path("chunksReused").asInt()).isZero();
    }

    @Test
    void render_withoutOutput_writesNextToTheInput_andNeverReplacesAFileWithoutForce() throws Exception {
        Path reading = Files.writeString(temp.resolve("story.txt"), "A short story. It ends well.\n");
        Path expected = temp.resolve("story.wav");
        String data = temp.resolve("data").toString();

        ConsoleCapture.Run first = ConsoleCapture.run("render", reading.toString(), "--voice", "synthetic",
                "--data-dir", data);
        byte[] written = Files.readAllBytes(expected);
        Files.write(expected, new byte[] {1, 2, 3});
        ConsoleCapture.Run refused = ConsoleCapture.run("render", reading.toString(), "--voice", "synthetic",
                "--data-dir", data);
        byte[] kept = Files.readAllBytes(expected);
        ConsoleCapture.Run forced = ConsoleCapture.run("render", reading.toString(), "--voice", "synthetic",
                "--data-dir", data, "--force");

        assertThat(first.status()).as(first.stderr()).isZero();
        assertThat(first.stdout()).startsWith(expected.toString());
        assertThat(written).startsWith("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.stderr().strip()).isEqualTo("readaloud render: " + expected
                + " already exists; use --force to replace it, or -o to name another file");
        assertThat(kept).containsExactly(1, 2, 3);
        assertThat(forced.status()).as(forced.stderr()).isZero();
        assertThat(Files.readAllBytes(expected)).isEqualTo(written);
    }

    @Test
    void render_minChars_reachesThePlan() throws Exception {
        Path reading = Path.of(System.getProperty("readaloud.home", ".."), "examples", "lighthouse.txt");

        ConsoleCapture.Run defaults = ConsoleCapture.run("render", reading.toString(), "-o",
                temp.resolve("a.wav").toString(), "--voice", "synthetic", "--json", "--data-dir", temp.resolve("a").toString());
        ConsoleCapture.Run large = ConsoleCapture.run("render", reading.toString(), "-o",
                temp.resolve("b.wav").toString(), "--voice", "synthetic", "--json", "--min-chars", "300",
                "--data-dir", temp.resolve("b").toString());

        assertThat(defaults.status()).as(defaults.stderr()).isZero();
        assertThat(large.status()).as(large.stderr()).isZero();
        // 5 paragraphs: the default min lets the longest split once more for 6 (a multiple of 3); 300 does not.
        assertThat(new ObjectMapper().readTree(defaults.stdout()).path("chunkCount").asInt()).isEqualTo(6);
        assertThat(new ObjectMapper().readTree(large.stdout()).path("chunkCount").asInt()).isEqualTo(5);
    }

    @Test
    void render_withAnUnknownVoice_failsAtOnceNamingTheVoicesItSpeaks() {
        Path reading = Path.of(System.getProperty("readaloud.home", ".."), "examples", "lighthouse.txt");
        Path output = temp.resolve("nosuch.wav");
        long startNanos = System.nanoTime();

        ConsoleCapture.Run run = ConsoleCapture.run("render", reading.toString(), "-o", output.toString(),
                "--voice", "nosuch", "--data-dir", temp.resolve("data").toString());

        long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.stderr().strip()).isEqualTo("readaloud render: render request refused (400): unknown \"voice\""
                + " \"nosuch\"; this deployment speaks freetts, kevin16, synthetic");
        assertThat(seconds).as("refused before any job: no retries of a failing job").isLessThan(15);
        assertThat(output).doesNotExist();
    }
}
