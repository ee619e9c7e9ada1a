package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readaloud.audio.WavFormat;
import dev.readaloud.audio.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `readaloud loudness FILE...`: one JSON line per file, a one-line error per bad file, exit 1 if any. */
class LoudnessCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Stereo 1 kHz at -23 dBFS for 20 s (EBU Tech 3341 case 1: -23.0 LUFS), 48 kHz 24-bit. */
    private Path tech3341Case1() throws IOException {
        int rate = 48_000;
        double amplitude = Math.pow(10, -23 / 20.0);
        double[] samples = new double[rate * 20 * 2];
        for (int i = 0; i < rate * 20; i++) {
            samples[2 * i] = samples[2 * i + 1] = amplitude * Math.sin(2 * Math.PI * 1000 * i / rate);
        }
        return Files.write(dir.resolve("case1.wav"), WavWriter.encode(new WavFormat(rate, 2, 24, false), samples, false));
    }

    @Test
    void loudness_printsOneJsonLinePerFile_withTheAcxChecks() throws IOException {
        Path tone = tech3341Case1();
        Path silence = Files.write(dir.resolve("silence.wav"), WavWriter.pcm16(16_000, 1, new short[16_000]));

        ConsoleCapture.Run run = ConsoleCapture.run("loudness", tone.toString(), silence.toString());

        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stderr()).isEmpty();
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("file").asText()).isEqualTo(tone.toString());
        assertThat(first.get("durationMs").asLong()).isEqualTo(20_000);
        assertThat(first.get("integratedLufs").asDouble()).isCloseTo(-23.0, within(0.1));
        assertThat(first.get("loudnessRangeLu").asDouble()).isCloseTo(0.0, within(0.1));
        assertThat(first.get("truePeakDbtp").asDouble()).isCloseTo(-23.0, within(0.1));
        assertThat(first.at("/acx/rms/valueDb").asDouble()).isCloseTo(-26.01, within(0.01));
        assertThat(first.at("/acx/rms/pass").asBoolean()).isFalse();
        assertThat(first.at("/acx/peak/pass").asBoolean()).isTrue();
        assertThat(first.at("/acx/noiseFloor/valueDb").asDouble()).isCloseTo(-26.01, within(0.01));
        assertThat(first.at("/acx/noiseFloor/pass").asBoolean()).isFalse();
        assertThat(first.at("/acx/pass").asBoolean()).isFalse();
        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.get("integratedLufs").isNull()).isTrue();
        assertThat(second.get("truePeakDbtp").isNull()).isTrue();
        assertThat(second.at("/acx/noiseFloor/pass").asBoolean()).isTrue();
    }

    @Test
    void loudness_ofAnUnreadableFile_failsWithOneLine_andStillMeasuresTheOthers() throws IOException {
        Path good = Files.write(dir.resolve("good.wav"), WavWriter.pcm16(16_000, 1, new short[16_000]));
        Path cut = Files.write(dir.resolve("cut.wav"), Arrays.copyOf(Files.readAllBytes(good), 30));
        Path missing = dir.resolve("missing.wav");

        ConsoleCapture.Run run = ConsoleCapture.run("loudness", cut.toString(), good.toString(), missing.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.stdout().lines().toList()).singleElement()
                .satisfies(line -> assertThat(JSON.readTree(line).get("file").asText()).isEqualTo(good.toString()));
        assertThat(run.stderr().lines().toList()).containsExactly(
                "readaloud loudness: " + cut + ": header cut short: the 'fmt' chunk declares 16 bytes, the file ends"
                        + " after 10",
                "readaloud loudness: " + missing + ": no such file");
    }
}
