package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readaloud.audio.WavFormat;
import dev.readaloud.audio.WavInfo;
import dev.readaloud.audio.WavReader;
import dev.readaloud.audio.WavWriter;

import java.io.IOException;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StitchCommandTest {

    @TempDir
    Path dir;

    private static ConsoleCapture.Run run(String... args) {
        return ConsoleCapture.run(args);
    }

    private Path tone(String name, int rateHz, int frames, double hz) throws IOException {
        short[] samples = new short[frames];
        for (int i = 0; i < frames; i++) {
            samples[i] = (short) Math.round(16000 * Math.sin(2 * Math.PI * hz * i / rateHz));
        }
        return Files.write(dir.resolve(name), WavWriter.pcm16(rateHz, 1, samples));
    }

    private String[] files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void stitch_joinsFilesExactlyAndPrintsASummary() throws IOException {
        Path a = tone("a.wav", 24_000, 24_000, 440);
        Path b = tone("b.wav", 24_000, 12_000, 330);
        Path out = dir.resolve("out.wav");

        ConsoleCapture.Run run = run("stitch", "-o", out.toString(), "--pause-ms", "0", "--crossfade-ms", "0", "--no-trim",
                a.toString(), b.toString());

        assertThat(run.status()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(run.stdout()).contains("0:00:01.500").contains("36000 frames at 24000 Hz, 1 channel, 16-bit")
                .contains("from 2 files");
        WavInfo info = WavReader.inspect(Files.readAllBytes(out));
        assertThat(info).isEqualTo(new WavInfo(24_000, 1, 16, false, 36_000));
    }

    @Test
    void stitch_convertsToTheRequestedRateAndChannelsWithDefaultSeams() throws IOException {
        Path a = tone("a.wav", 22_050, 22_050, 440);
        Path b = Files.write(dir.resolve("b.wav"), WavWriter.encode(new WavFormat(16_000, 2, 32, true),
                new double[32_000], false));
        Path out = dir.resolve("out.wav");

        ConsoleCapture.Run run = run("stitch", "-o", out.toString(), "--sample-rate", "48000", "--channels", "2",
                a.toString(), b.toString());

        assertThat(run.status()).as(run.stderr()).isZero();
        WavInfo info = WavReader.inspect(Files.readAllBytes(out));
        assertThat(info.sampleRateHz()).isEqualTo(48_000);
        assertThat(info.channels()).isEqualTo(2);
        // b is silent: it trims to nothing; a is a second of tone plus the 50 ms margin, then the 250 ms pause.
        assertThat(info.durationMillis()).isBetween(1000L, 1400L);
    }

    @Test
    void stitch_failsOnABadFileNamingItAndLeavesNoOutput() throws IOException {
        Path good = tone("good.wav", 24_000, 2400, 440);
        byte[] cut = Arrays.copyOf(Files.readAllBytes(good), 30);
        Path bad = Files.write(dir.resolve("bad.wav"), cut);
        Path out = dir.resolve("out.wav");

        ConsoleCapture.Run run = run("stitch", "-o", out.toString(), good.toString(), bad.toString());

        assertThat(run.status()).isNotZero();
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().strip()).doesNotContain("\n")
                .isEqualTo("readaloud stitch: " + bad + ": header cut short: the 'fmt' chunk declares 16 bytes,"
                        + " the file ends after 10");
        assertThat(out).doesNotExist();
        assertThat(files()).containsExactly("bad.wav", "good.wav");
    }

    @Test
    void stitch_failsOnAMissingFileAndOnAnMp3() throws IOException {
        Path good = tone("good.wav", 24_000, 2400, 440);
        Path mp3 = Files.write(dir.resolve("speech.wav"), new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        Path out = dir.resolve("out.wav");

        ConsoleCapture.Run missing = run("stitch", "-o", out.toString(), good.toString(), dir.resolve("nope.wav").toString());
        ConsoleCapture.Run notWav = run("stitch", "-o", out.toString(), good.toString(), mp3.toString());

        assertThat(missing.status()).isNotZero();
        assertThat(missing.stderr()).contains("nope.wav: no such file");
        assertThat(notWav.status()).isNotZero();
        assertThat(notWav.stderr()).contains(mp3 + ": not a RIFF/WAVE file");
        assertThat(out).doesNotExist();
        assertThat(files()).containsExactly("good.wav", "speech.wav");
    }

    @Test
    void stitch_rejectsImpossibleSettings() throws IOException {
        Path good = tone("good.wav", 24_000, 2400, 440);
        Path out = dir.resolve("out.wav");

        ConsoleCapture.Run run = run("stitch", "-o", out.toString(), "--channels", "3", good.toString());

        assertThat(run.status()).isNotZero();
        assertThat(run.stderr()).contains("channels is 3, must be 0 (the first chunk's), 1 or 2");
        assertThat(out).doesNotExist();
    }

    @Test
    void stitch_needsAnOutputAndAtLeastOneInput() {
        assertThat(run("stitch", "a.wav").status()).isNotZero();
        assertThat(run("stitch", "-o", dir.resolve("out.wav").toString()).status()).isNotZero();
        assertThat(dir.resolve("out.wav")).doesNotExist();
    }
}
