package dev.readaloud.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavReaderTest {

    private static final int RATE = 24_000;

    static float[] readAll(byte[] wav) throws IOException {
        try (WavStream stream = WavReader.open(new ByteArrayInputStream(wav))) {
            float[] all = new float[0];
            float[] block = new float[1000 * stream.format().channels()];
            int frames;
            while ((frames = stream.read(block, 1000)) >= 0) {
                int samples = frames * stream.format().channels();
                all = Arrays.copyOf(all, all.length + samples);
                System.arraycopy(block, 0, all, all.length - samples, samples);
            }
            return all;
        }
    }

    @ParameterizedTest(name = "{0}-bit float={1} extensible={2}")
    @CsvSource({
            "8, false, false", "16, false, false", "24, false, false", "32, false, false",
            "32, true, false", "64, true, false",
            "16, false, true", "24, false, true", "32, false, true", "32, true, true", "64, true, true"})
    void readsEveryFormatBackToTheSineItWasWrittenFrom(int bits, boolean floatingPoint, boolean extensible)
            throws IOException {
        double[] left = Signals.sine(440, RATE, 2400, 0.5);
        double[] right = Signals.sine(1000, RATE, 2400, 0.25);
        WavFormat format = new WavFormat(RATE, 2, bits, floatingPoint);
        byte[] wav = WavWriter.encode(format, Signals.interleave(left, right), extensible);

        assertThat(WavReader.inspect(wav)).isEqualTo(new WavInfo(RATE, 2, bits, floatingPoint, 2400));
        float[] samples = readAll(wav);
        assertThat(samples).hasSize(4800);
        double step = bits == 8 ? 1.0 / 128 : 1.0 / 32768;
        for (int f = 0; f < 2400; f++) {
            assertThat((double) samples[2 * f]).isCloseTo(left[f], within(step));
            assertThat((double) samples[2 * f + 1]).isCloseTo(right[f], within(step));
        }
    }

    @Test
    void pcm16_roundTripsExactly() throws IOException {
        short[] pcm = {0, 1, -1, 32767, -32768, 12345, -12345, 7};
        byte[] wav = WavWriter.pcm16(22_050, 1, pcm);

        assertThat(wav).hasSize(44 + 16);
        assertThat(WavReader.inspect(wav)).isEqualTo(new WavInfo(22_050, 1, 16, false, 8));
        float[] samples = readAll(wav);
        for (int i = 0; i < pcm.length; i++) {
            assertThat(samples[i] * 32768f).isEqualTo((float) pcm[i]);
        }
    }

    @Test
    void skipsListAndOddSizedChunksWithTheirPadByteBeforeTheAudio() throws IOException {
        byte[] audio = Signals.audioOf(WavWriter.pcm16(RATE, 1, new short[] {100, -200, 300}));
        byte[] wav = Signals.Riff.wave()
                .chunk("LIST", "INFOISFT\u0005\u0000\u0000\u0000Lavf\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                .chunk("junk", new byte[] {1, 2, 3})
                .fmt(1, 1, RATE, 16)
                .chunk("fact", new byte[] {3, 0, 0, 0})
                .data(audio.length, audio)
                .build();

        assertThat(WavReader.inspect(wav).frames()).isEqualTo(3);
        assertThat(readAll(wav)).containsExactly(100 / 32768f, -200 / 32768f, 300 / 32768f);
    }

    @Test
    void readsAnOddSizedDataChunkFollowedByItsPadAndAnotherChunk() throws IOException {
        byte[] audio = {(byte) 128, (byte) 192, 64};
        byte[] wav = Signals.Riff.wave().fmt(1, 1, 8000, 8).chunk("data", audio).chunk("LIST", new byte[4]).build();

        assertThat(WavReader.inspect(wav).frames()).isEqualTo(3);
        assertThat(readAll(wav)).containsExactly(0f, 0.5f, -0.5f);
    }

    @Test
    void readsAStreamedFileWhoseSizesAreAllOnes() throws IOException {
        byte[] audio = Signals.audioOf(WavWriter.pcm16(RATE, 1, new short[] {1, 2, 3, 4, 5}));
        byte[] wav = new Signals.Riff().id("RIFF").u32(0xFFFFFFFFL).id("WAVE").fmt(1, 1, RATE, 16)
                .data(0xFFFFFFFFL, audio).raw();

        assertThat(WavReader.inspect(wav).frames()).isEqualTo(5);
        assertThat(readAll(wav)).hasSize(5);
    }

    @Test
    void readsToTheEndWhenTheDataSizeRunsPastTheFileAndIgnoresAPartialFrame() throws IOException {
        byte[] audio = Signals.audioOf(WavWriter.pcm16(RATE, 2, new short[] {1, 2, 3, 4, 5, 6}));
        byte[] cut = Arrays.copyOf(audio, audio.length - 1);
        byte[] wav = Signals.Riff.wave().fmt(1, 2, RATE, 16).data(1_000_000, cut).build();

        assertThat(WavReader.inspect(wav).frames()).isEqualTo(2);
        assertThat(readAll(wav)).hasSize(4);
    }

    @Test
    void stopsAtTheDeclaredDataSizeWhenMoreChunksFollow() throws IOException {
        byte[] audio = Signals.audioOf(WavWriter.pcm16(RATE, 1, new short[] {1, 2}));
        byte[] wav = Signals.Riff.wave().fmt(1, 1, RATE, 16).data(4, audio).chunk("LIST", new byte[20]).build();

        assertThat(WavReader.inspect(wav).frames()).isEqualTo(2);
        assertThat(readAll(wav)).hasSize(2);
    }

    @Test
    void readsRf64WithTheDataSizeFromDs64() throws IOException {
        byte[] audio = Signals.audioOf(WavWriter.pcm16(RATE, 1, new short[] {1, 2, 3, 4}));
        byte[] wav = new Signals.Riff().id("RF64").u32(0xFFFFFFFFL).id("WAVE")
                .id("ds64").u32(28).u64(0).u64(6).u64(3).u32(0)
                .fmt(1, 1, RATE, 16).data(0xFFFFFFFFL, audio).raw();

        assertThat(WavReader.inspect(wav).frames()).isEqualTo(3);
    }

    @Test
    void infoReportsDurationInMillis() throws InvalidWavException {
        byte[] wav = WavWriter.pcm16(16_000, 1, new short[16_000 * 3 / 2]);
        assertThat(WavReader.inspect(wav).durationMillis()).isEqualTo(1500);
    }

    @Test
    void rejectsWhatIsNotRiffWave() {
        assertRejected("ID3\u0004 an mp3 file with tags".getBytes(), "not a RIFF/WAVE file: it starts with 0x49443304, not 'RIFF' or 'RF64'");
        assertRejected(new Signals.Riff().id("RIFF").u32(4).id("AVI ").raw(), "RIFF form type is 'AVI '");
        assertRejected(new Signals.Riff().id("RIFX").u32(4).id("WAVE").raw(), "big-endian RIFX");
        assertRejected(new byte[] {(byte) 0xff, (byte) 0xfb, (byte) 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0},
                "it starts with 0xfffb9064");
    }

    @Test
    void rejectsAFileWithoutFmtOrWithoutData() {
        assertRejected(Signals.Riff.wave().chunk("LIST", new byte[4]).build(), "no fmt chunk");
        assertRejected(Signals.Riff.wave().fmt(1, 1, RATE, 16).chunk("LIST", new byte[4]).build(), "no data chunk");
        assertRejected(Signals.Riff.wave().chunk("data", new byte[4]).fmt(1, 1, RATE, 16).build(),
                "data chunk at byte 12 comes before any fmt chunk");
        assertRejected(Signals.Riff.wave().fmt(1, 1, RATE, 16).id("LIST").u32(1000).bytes(new byte[10]).build(),
                "no data chunk: the file ends inside the 'LIST' chunk");
    }

    @Test
    void rejectsCompressedCodecsByName() {
        assertRejected(Signals.Riff.wave().fmt(0x55, 1, RATE, 0).data(4, new byte[4]).build(),
                "format code 0x0055 (MPEG Layer 3) is a compressed or unsupported codec");
        assertRejected(Signals.Riff.wave().fmt(0x11, 1, RATE, 4).data(4, new byte[4]).build(),
                "0x0011 (IMA ADPCM)");
        assertRejected(Signals.Riff.wave().fmt(0x02, 1, RATE, 4).data(4, new byte[4]).build(),
                "0x0002 (Microsoft ADPCM)");
        assertRejected(Signals.Riff.wave().fmtExtensible(0x55, 2, RATE, 16, 16).data(4, new byte[4]).build(),
                "0x0055 (MPEG Layer 3)");
    }

    @Test
    void rejectsAnExtensibleSubformatThatIsNotAWaveGuid() {
        byte[] wav = Signals.Riff.wave().fmtExtensible(1, 1, RATE, 16, 16).data(2, new byte[2]).build();
        wav[12 + 8 + 24 + 5] = 0x7f; // inside the GUID tail
        assertRejected(wav, "subformat GUID is not a WAVE format GUID");
    }

    @ParameterizedTest(name = "{4}")
    @CsvSource({
            "1, 0, 24000, 16, fmt channels is 0",
            "1, 1, 0, 16, fmt sample rate is 0 Hz",
            "1, 1, 24000, 12, fmt bitsPerSample is 12, expected 8, 16, 24 or 32 for PCM",
            "3, 1, 24000, 16, fmt bitsPerSample is 16, expected 32 or 64 for IEEE float",
            "1, 65, 24000, 16, fmt channels is 65"})
    void rejectsImpossibleFmtFields(int code, int channels, int rateHz, int bits, String message) {
        assertRejected(Signals.Riff.wave().fmt(code, channels, rateHz, bits).data(4, new byte[4]).build(), message);
    }

    @Test
    void rejectsABlockAlignThatDoesNotMatchTheChannelsAndBits() {
        byte[] wav = Signals.Riff.wave().id("fmt ").u32(16).u16(1).u16(2).u32(RATE).u32(RATE * 4L).u16(2).u16(16)
                .data(4, new byte[4]).build();
        assertRejected(wav, "fmt blockAlign is 2, expected 4 for 2 channel(s) of 16 bits");
    }

    @Test
    void rejectsAShortOrTruncatedFmtChunk() {
        assertRejected(Signals.Riff.wave().id("fmt ").u32(14).bytes(new byte[14]).build(),
                "fmt chunk size is 14 bytes");
        assertRejected(Signals.Riff.wave().id("fmt ").u32(16).u16(0xFFFE).u16(1).u32(RATE).u32(RATE * 2L).u16(2)
                .u16(16).data(2, new byte[2]).build(), "WAVE_FORMAT_EXTENSIBLE needs 40");
        assertRejected(Signals.Riff.wave().fmtExtensible(1, 1, RATE, 16, 24).data(2, new byte[2]).build(),
                "validBitsPerSample 24 exceeds bitsPerSample 16");
    }

    @Test
    void rejectsAHeaderCutShort() {
        byte[] whole = WavWriter.pcm16(RATE, 1, new short[10]);
        assertRejected(Arrays.copyOf(whole, 10), "header cut short: 10 bytes, a RIFF header needs 12");
        assertRejected(Arrays.copyOf(whole, 30), "header cut short: the 'fmt' chunk declares 16 bytes, the file ends after 10");
        assertRejected(Arrays.copyOf(whole, 40), "header cut short: the file ends inside a chunk header at byte 36");
        assertRejected(Arrays.copyOf(whole, 0), "header cut short: 0 bytes");
    }

    @Test
    void acceptsAnEmptyDataChunkAsZeroFrames() throws InvalidWavException {
        assertThat(WavReader.inspect(WavWriter.pcm16(RATE, 1, new short[0])).frames()).isZero();
    }

    private static void assertRejected(byte[] wav, String message) {
        assertThatThrownBy(() -> WavReader.inspect(wav)).isInstanceOf(InvalidWavException.class)
                .hasMessageContaining(message);
        assertThatThrownBy(() -> readAll(wav)).isInstanceOf(InvalidWavException.class)
                .hasMessageContaining(message);
    }
}
