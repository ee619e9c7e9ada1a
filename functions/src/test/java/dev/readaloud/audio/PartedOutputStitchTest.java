package dev.readaloud.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stitcher writing to a {@link PartedOutput}: the file's bytes, cut into parts, header last. */
class PartedOutputStitchTest {

    private static final int RATE = 24_000;

    @TempDir
    Path dir;

    /** Opens its WAV and records, in {@code log}, when it was opened. */
    record Chunk(String name, byte[] wav, List<String> log) implements StitchInput {
        @Override
        public InputStream open() {
            log.add("open " + name);
            return new ByteArrayInputStream(wav);
        }
    }

    /**
     * Collects the parts in memory and checks the contract as they come: parts 2, 3, ... in order,
     * every one but the last exactly {@code partBytes}, part 1 last and once.
     */
    static final class MemoryOutput implements PartedOutput {
        private final int partBytes;
        private final List<String> log;
        private final ByteArrayOutputStream later = new ByteArrayOutputStream();
        private final List<Integer> lengths = new ArrayList<>();
        private byte[] first;
        private int partCount;

        MemoryOutput(int partBytes, List<String> log) {
            this.partBytes = partBytes;
            this.log = log;
        }

        @Override
        public int partBytes() {
            return partBytes;
        }

        @Override
        public void part(int number, byte[] bytes, int length) {
            assertThat(first).as("a part after completion").isNull();
            assertThat(number).as("part number").isEqualTo(lengths.size() + 2);
            if (!lengths.isEmpty()) {
                assertThat(lengths.getLast()).as("part " + (number - 1) + ", not the last").isEqualTo(partBytes);
            }
            assertThat(length).isBetween(1, partBytes);
            later.write(bytes, 0, length);
            lengths.add(length);
            log.add("part " + number);
            // The sink reuses the array: scribbling on it must not change what was stored.
            Arrays.fill(bytes, (byte) 0x5a);
        }

        @Override
        public void complete(byte[] firstPart, int length, int partCount) {
            assertThat(first).as("complete called twice").isNull();
            assertThat(partCount).isEqualTo(lengths.size() + 1);
            if (partCount > 1) {
                assertThat(length).isEqualTo(partBytes);
            }
            this.first = Arrays.copyOf(firstPart, length);
            this.partCount = partCount;
            log.add("complete");
        }

        boolean completed() {
            return first != null;
        }

        byte[] wav() {
            byte[] rest = later.toByteArray();
            byte[] wav = Arrays.copyOf(first, first.length + rest.length);
            System.arraycopy(rest, 0, wav, first.length, rest.length);
            return wav;
        }
    }

    private static byte[] mono(double[] samples) {
        return WavWriter.pcm16(RATE, 1, Signals.toPcm16(samples));
    }

    /** Speech-like chunks: quiet lead-in, tones with short gaps, and a trailing silence longer than small parts. */
    private static List<byte[]> speechLikeChunks(int count) {
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chunks.add(mono(Signals.concat(Signals.silence(RATE / 5 + 37 * i),
                    Signals.sine(200 + 40 * i, RATE, RATE / 2 + 101 * i, 0.5), Signals.silence(RATE / 20),
                    Signals.sine(330, RATE, RATE / 3, 0.3), Signals.silence(RATE + 53 * i))));
        }
        return chunks;
    }

    private static List<StitchInput> inputs(List<byte[]> wavs, List<String> log) {
        List<StitchInput> inputs = new ArrayList<>();
        for (int i = 0; i < wavs.size(); i++) {
            inputs.add(new Chunk("chunks/%05d.wav".formatted(i), wavs.get(i), log));
        }
        return inputs;
    }

    private byte[] stitchToFile(WavStitcher stitcher, List<byte[]> wavs) throws IOException {
        Path out = dir.resolve("out.wav");
        stitcher.stitch(inputs(wavs, new ArrayList<>()), out);
        return Files.readAllBytes(out);
    }

    private static MemoryOutput stitchToParts(WavStitcher stitcher, List<byte[]> wavs, int partBytes,
                                              List<String> log) throws IOException {
        MemoryOutput output = new MemoryOutput(partBytes, log);
        StitchResult result = stitcher.stitch(inputs(wavs, log), output);
        assertThat(output.completed()).isTrue();
        assertThat(result.bytes()).isEqualTo(output.wav().length);
        return output;
    }

    @Test
    void partedOutput_isByteIdenticalToTheFile_forEverySettingAndPartSize() throws IOException {
        List<byte[]> wavs = speechLikeChunks(5);
        // A chunk that is all silence: trimmed to nothing, its seam reaches back into the chunk before.
        wavs.add(2, mono(Signals.silence(RATE / 2)));
        for (StitchSettings settings : List.of(StitchSettings.defaults(), StitchSettings.exact(),
                StitchSettings.defaults().withPauseMillis(0), StitchSettings.defaults().withPauseMillis(0)
                        .withCrossfadeMillis(0), StitchSettings.defaults().withTrim(false),
                StitchSettings.defaults().withOutput(22_050, 2))) {
            WavStitcher stitcher = new WavStitcher(settings);
            byte[] file = stitchToFile(stitcher, wavs);
            // Whole output in part 1, exactly one part, one byte over, then many parts, an odd size
            // that splits samples, and the smallest that holds the header.
            for (int partBytes : List.of(file.length + 1000, file.length, file.length - 1, 65_536, 4097, 80)) {
                MemoryOutput parts = stitchToParts(stitcher, wavs, partBytes, new ArrayList<>());

                assertThat(parts.wav()).as(settings + ", parts of " + partBytes).isEqualTo(file);
                assertThat(parts.partCount).isEqualTo((file.length + partBytes - 1) / partBytes);
            }
        }
    }

    @Test
    void partedOutput_handsOverLaterPartsWhileStitchingAndPartOneLast() throws IOException {
        List<String> log = new ArrayList<>();
        List<byte[]> wavs = speechLikeChunks(4);

        stitchToParts(new WavStitcher(StitchSettings.defaults()), wavs, 8192, log);

        // Parts are stored as the audio settles, not all at the end: some before the last chunk is opened.
        assertThat(log.indexOf("part 2")).isBetween(0, log.indexOf("open chunks/00003.wav"));
        assertThat(log.getLast()).isEqualTo("complete");
    }

    @Test
    void partedOutput_headerIsPatchedWithTheFinalSizes() throws IOException {
        List<byte[]> wavs = speechLikeChunks(3);

        MemoryOutput parts = stitchToParts(new WavStitcher(StitchSettings.defaults()), wavs, 4096, new ArrayList<>());

        byte[] wav = parts.wav();
        WavInfo info = WavReader.inspect(wav);
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(LittleEndian.u32(wav, 4)).isEqualTo(wav.length - 8L);
        assertThat(info).extracting(WavInfo::sampleRateHz, WavInfo::channels, WavInfo::bitsPerSample)
                .containsExactly(RATE, 1, 16);
        assertThat(info.frames()).isEqualTo((wav.length - WavHeader.BYTES) / 2L);
        assertThat(WavReaderTest.readAll(wav)).hasSize((int) info.frames());
    }

    @Test
    void partedOutput_writesRf64WhenTheRiffSizeWouldOverflow() throws IOException {
        List<byte[]> wavs = speechLikeChunks(2);
        WavStitcher stitcher = new WavStitcher(StitchSettings.exact(), 10_000);
        byte[] file = stitchToFile(stitcher, wavs);

        byte[] wav = stitchToParts(stitcher, wavs, 4096, new ArrayList<>()).wav();

        assertThat(wav).isEqualTo(file);
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RF64");
        assertThat(new String(wav, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("ds64");
        assertThat(WavReader.inspect(wav).frames()).isEqualTo((wav.length - WavHeader.BYTES) / 2L);
    }

    @Test
    void partedOutput_aBadChunkMidwayFailsNamingItAndNeverCompletes() {
        List<byte[]> wavs = new ArrayList<>(speechLikeChunks(4));
        wavs.set(2, Arrays.copyOf(wavs.get(2), 20));
        MemoryOutput output = new MemoryOutput(4096, new ArrayList<>());

        assertThatThrownBy(() -> new WavStitcher(StitchSettings.defaults()).stitch(inputs(wavs, new ArrayList<>()),
                output))
                .isInstanceOf(InvalidWavException.class)
                .hasMessageStartingWith("chunks/00002.wav: header cut short");
        assertThat(output.completed()).isFalse();
        assertThat(output.lengths).isNotEmpty();
    }

    @Test
    void partedOutput_rejectsPartsTooSmallForTheHeader() {
        MemoryOutput output = new MemoryOutput(79, new ArrayList<>());

        assertThatThrownBy(() -> new WavStitcher(StitchSettings.exact()).stitch(inputs(speechLikeChunks(1),
                new ArrayList<>()), output))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partBytes is 79, must be at least 80 (the header)");
    }

    @Test
    void partSink_refusesToGoBackBeforeTheSettledFrames() throws IOException {
        try (WavPartSink sink = new WavPartSink(new MemoryOutput(100, new ArrayList<>()), WavFormat.pcm16(RATE, 1),
                WavHeader.MAX_RIFF_BYTES)) {
            sink.writeSilence(200);
            sink.settle(150);

            assertThatThrownBy(() -> sink.truncate(149)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot truncate at frame 149: the frames before 150 are settled");
            assertThatThrownBy(() -> sink.read(10, new float[1], 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot read at frame 10: the frames before 150 are settled");
            sink.truncate(150);
            assertThat(sink.frames()).isEqualTo(150);
        }
    }
}
