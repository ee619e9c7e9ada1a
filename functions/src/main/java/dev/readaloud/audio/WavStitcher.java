package dev.readaloud.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins chunk WAVs, in the order given, into one 16-bit PCM WAV, streaming with bounded memory.
 *
 * <p>Every chunk is read in blocks, converted to the output channel count, resampled to the output
 * rate ({@link Resampler}), trimmed of leading and trailing silence, and appended to the output;
 * seams get a pause with short fades, or an equal-power crossfade (see {@link StitchSettings}).
 * The output is a file or a {@link PartedOutput}, with the same bytes either way.
 * Memory stays a few blocks of frames whatever the length: a chunk's trailing silence is written
 * and cut off again by truncating the output, and a seam reads back only the crossfade's frames.
 * A parted output also holds part 1 and the frames a seam or a trim may still change (at most the
 * current chunk's trailing silence and one crossfade). The same inputs and settings always give
 * the same bytes.
 *
 * <p>With {@linkplain StitchSettings#loudness() loudness normalization}, every chunk is multiplied by
 * one constant factor, planned by {@link LoudnessNormalization#plan} from every chunk's
 * {@link ChunkLoudness} before the first frame is written. A chunk that does not bring its loudness
 * ({@link StitchInput#loudness()}) is measured first, which reads it one more time (for a chunk in
 * S3, one more GET, and 1.5 to 3.5 ms of CPU per 10 s of audio at 16 to 24 kHz). A chunk with a gain of
 * 0 dB is copied as it is. Trimming decides on the chunk's own samples, the factor is applied as
 * the samples are written.
 *
 * <p>A stitcher {@linkplain #WavStitcher(StitchSettings, boolean) that measures its output} runs a
 * {@link LoudnessMeter} over the frames as they settle (the frames no seam or trim will change
 * again, read back from the sink), so the output is measured in the same pass that writes it, also
 * when it streams out in parts that are handed over as they are done.
 */
public final class WavStitcher {

    private static final int BLOCK_FRAMES = 8192;
    /** Bytes per block when a chunk is copied as it is: large, so each block is one read and one write. */
    private static final int RAW_BLOCK_BYTES = 1 << 17;
    private static final int INPUT_BUFFER_BYTES = 1 << 16;
    /** Frames of a pause written at a time (a few seconds at usual rates). */
    private static final long SILENCE_BLOCK_FRAMES = 1 << 17;

    private final StitchSettings settings;
    private final long maxRiffBytes;
    private final boolean measureOutput;

    /** A stitcher that does not measure its output. */
    public WavStitcher(StitchSettings settings) {
        this(settings, false);
    }

    /**
     * @param measureOutput measure the output's loudness as it is written ({@link StitchResult#loudness()});
     *                      it costs CPU (K-weighting and 4x oversampling of every output sample), no extra I/O
     */
    public WavStitcher(StitchSettings settings, boolean measureOutput) {
        this(settings, WavHeader.MAX_RIFF_BYTES, measureOutput);
    }

    /** For tests: switch to RF64 once the RIFF size would pass {@code maxRiffBytes}. */
    WavStitcher(StitchSettings settings, long maxRiffBytes) {
        this(settings, maxRiffBytes, false);
    }

    private WavStitcher(StitchSettings settings, long maxRiffBytes, boolean measureOutput) {
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
        this.maxRiffBytes = maxRiffBytes;
        this.measureOutput = measureOutput;
    }

    /**
     * Writes the joined audio to {@code output}: written aside and renamed on success, so on any
     * error no file is left at {@code output}.
     *
     * @throws InvalidWavException naming the input and what is wrong with it
     * @throws IOException         naming the input that could not be read, or when the output cannot be written
     */
    public StitchResult stitch(List<? extends StitchInput> inputs, Path output) throws IOException {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no inputs to stitch");
        }
        Path target = output.toAbsolutePath();
        Path directory = target.getParent();
        Path aside = Files.createTempFile(directory, "." + target.getFileName() + ".", ".part");
        boolean moved = false;
        try {
            StitchResult result = stitchInto(inputs, format -> new WavFileSink(aside, format, maxRiffBytes));
            makeReadable(aside);
            try {
                Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(aside, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            return result;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(aside);
                } catch (IOException ignored) {
                    // The original error matters more than a leftover temporary file.
                }
            }
        }
    }

    /**
     * Writes the joined audio to {@code output} in parts; {@link PartedOutput#complete} is called only
     * when the whole WAV is written, so on any error the caller discards the parts already stored.
     *
     * @throws InvalidWavException naming the input and what is wrong with it
     * @throws IOException         naming the input that could not be read, or when the output fails
     */
    public StitchResult stitch(List<? extends StitchInput> inputs, PartedOutput output) throws IOException {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no inputs to stitch");
        }
        return stitchInto(inputs, format -> new WavPartSink(output, format, maxRiffBytes));
    }

    /** Opens the sink once the output format is known, from the first chunk. */
    private interface SinkOpener {
        WavSink open(WavFormat format) throws IOException;
    }

    private static void makeReadable(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // Not a POSIX file system: keep the default permissions.
        }
    }

    private StitchResult stitchInto(List<? extends StitchInput> inputs, SinkOpener opener) throws IOException {
        LoudnessNormalization.Plan plan = null;
        int measured = 0;
        if (settings.loudness() != null) {
            List<ChunkLoudness> loudness = new ArrayList<>(inputs.size());
            for (StitchInput input : inputs) {
                ChunkLoudness known = input.loudness();
                if (known == null) {
                    known = measure(input);
                    measured++;
                }
                loudness.add(known);
            }
            plan = settings.loudness().plan(loudness);
        }
        WavSink sink = null;
        try {
            Joiner joiner = null;
            for (int i = 0; i < inputs.size(); i++) {
                StitchInput input = inputs.get(i);
                try (WavStream wav = open(input)) {
                    if (joiner == null) {
                        WavFormat first = wav.format();
                        int rate = settings.sampleRateHz() > 0 ? settings.sampleRateHz() : first.sampleRateHz();
                        int channels = settings.channels() > 0 ? settings.channels() : Math.min(2, first.channels());
                        WavFormat format = WavFormat.pcm16(rate, channels);
                        sink = opener.open(format);
                        joiner = new Joiner(sink, settings,
                                measureOutput ? new LoudnessMeter(rate, channels) : null);
                    }
                    long pauseFrames = i == 0 ? -1 : joiner.millisToFrames(pauseAfterMillis(inputs.get(i - 1)));
                    joiner.append(wav, input.name(), pauseFrames, plan == null ? 1f : plan.factor(i));
                }
            }
            LoudnessMeasurement loudness = joiner.finishMeasurement();
            long bytes = sink.finish();
            WavFormat format = joiner.format();
            return new StitchResult(format.sampleRateHz(), format.channels(), sink.frames(), bytes, loudness, plan,
                    measured);
        } finally {
            if (sink != null) {
                sink.close();
            }
        }
    }

    /** The loudness of a chunk that came without it, from a read of its own. */
    private static ChunkLoudness measure(StitchInput input) throws IOException {
        try (WavStream wav = open(input)) {
            return LoudnessMeter.measure(wav).chunkLoudness();
        } catch (InvalidWavException e) {
            throw e;
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(input.name()) ? e
                    : new IOException(input.name() + ": cannot read: " + e.getMessage(), e);
        }
    }

    private int pauseAfterMillis(StitchInput input) {
        int millis = input.pauseAfterMillis();
        if (millis < 0) {
            return settings.pauseMillis();
        }
        if (millis > StitchSettings.MAX_MILLIS) {
            throw new IllegalArgumentException(input.name() + ": pauseAfterMillis is " + millis + ", more than "
                    + StitchSettings.MAX_MILLIS);
        }
        return millis;
    }

    private static WavStream open(StitchInput input) throws IOException {
        InputStream raw;
        try {
            raw = input.open();
        } catch (IOException e) {
            throw new IOException(input.name() + ": cannot open: " + e.getMessage(), e);
        }
        try {
            return WavReader.open(new BufferedInputStream(raw, INPUT_BUFFER_BYTES));
        } catch (InvalidWavException e) {
            raw.close();
            throw new InvalidWavException(input.name() + ": " + e.getMessage());
        } catch (IOException e) {
            raw.close();
            throw new IOException(input.name() + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Appends chunk after chunk to the sink and makes the seams. */
    private static final class Joiner {
        private final WavSink sink;
        private final WavFormat format;
        private final int channels;
        private final boolean trim;
        private final float threshold;
        private final int marginFrames;
        private final int fadeFrames;

        private final float[] mixed;
        private final Resampler.Output resampled = new Resampler.Output();
        private final float[] ring;
        private final float[] head;
        private final float[] previous;
        /** Measures the output as it settles, or null. */
        private final LoudnessMeter meter;
        private float[] metered;
        /** Output frames measured so far (the frames settled so far). */
        private long measuredFrames;

        // Per chunk.
        /** The chunk's loudness factor, 1 for none. */
        private float gain = 1f;
        private boolean leading;
        private int ringFrames;
        private int ringStart;
        private long emitted;
        private long lastLoudEnd;
        private boolean collectingHead;
        private int headFrames;
        private long chunkBase;
        private int overlap;
        private int fadeInFrames;

        Joiner(WavSink sink, StitchSettings settings, LoudnessMeter meter) {
            this.sink = sink;
            this.meter = meter;
            this.format = sink.format();
            this.channels = format.channels();
            this.trim = settings.trim();
            this.threshold = (float) StrictMath.pow(10, settings.trimThresholdDbfs() / 20);
            this.marginFrames = (int) millisToFrames(settings.trimMarginMillis());
            this.fadeFrames = (int) millisToFrames(settings.crossfadeMillis());
            this.mixed = new float[BLOCK_FRAMES * channels];
            this.ring = new float[Math.max(1, marginFrames) * channels];
            this.head = new float[Math.max(1, fadeFrames) * channels];
            this.previous = new float[Math.max(1, fadeFrames) * channels];
        }

        WavFormat format() {
            return format;
        }

        long millisToFrames(int millis) {
            return (long) millis * format.sampleRateHz() / 1000;
        }

        /**
         * Appends one chunk, its samples multiplied by {@code gain}; {@code pauseFrames} is the seam's pause
         * before it, or -1 for the first chunk.
         */
        void append(WavStream wav, String name, long pauseFrames, float gain) throws IOException {
            WavFormat in = wav.format();
            Resampler resampler = in.sampleRateHz() == format.sampleRateHz() ? null
                    : new Resampler(in.sampleRateHz(), format.sampleRateHz(), channels);
            beginChunk(pauseFrames);
            this.gain = gain;
            if (in.equals(format) && gain == 1f) {
                appendSameFormat(wav, name);
                return;
            }
            float[] samples = new float[BLOCK_FRAMES * in.channels()];
            while (true) {
                int frames;
                try {
                    frames = wav.read(samples, BLOCK_FRAMES);
                } catch (IOException e) {
                    throw new IOException(name + ": cannot read: " + e.getMessage(), e);
                }
                if (frames < 0) {
                    break;
                }
                ChannelMixer.mix(samples, in.channels(), mixed, channels, frames);
                if (resampler == null) {
                    feed(mixed, frames);
                } else {
                    resampler.process(mixed, frames, resampled);
                    feed(resampled.samples, resampled.frames);
                }
                settle();
            }
            if (resampler != null) {
                resampler.finish(resampled);
                feed(resampled.samples, resampled.frames);
            }
            endChunk();
        }

        /**
         * Appends a chunk already in the output format: blocks in the middle of the chunk are copied
         * as bytes, which gives the same bytes as decoding and re-quantizing them, only faster.
         */
        private void appendSameFormat(WavStream wav, String name) throws IOException {
            int blockFrames = RAW_BLOCK_BYTES / format.blockAlign();
            byte[] raw = new byte[blockFrames * format.blockAlign()];
            float[] decoded = null;
            while (true) {
                int frames;
                try {
                    frames = wav.readRaw(raw, blockFrames);
                } catch (IOException e) {
                    throw new IOException(name + ": cannot read: " + e.getMessage(), e);
                }
                if (frames < 0) {
                    break;
                }
                if (leading || collectingHead || emitted < fadeInFrames) {
                    if (decoded == null) {
                        decoded = new float[blockFrames * channels];
                    }
                    decodePcm16(raw, decoded, frames * channels);
                    feed(decoded, frames);
                    settle();
                    continue;
                }
                if (trim) {
                    int lastLoud = lastLoudPcm16(raw, frames);
                    if (lastLoud >= 0) {
                        lastLoudEnd = emitted + lastLoud + 1;
                    }
                }
                sink.writeRaw(raw, frames);
                emitted += frames;
                settle();
            }
            endChunk();
        }

        private static void decodePcm16(byte[] raw, float[] samples, int count) {
            for (int i = 0; i < count; i++) {
                samples[i] = (short) ((raw[2 * i] & 0xff) | raw[2 * i + 1] << 8) / 32768f;
            }
        }

        /** Same test as {@link #lastLoud} on the decoded samples: |s / 32768| >= threshold. */
        private int lastLoudPcm16(byte[] raw, int frames) {
            for (int i = frames * channels - 1; i >= 0; i--) {
                int sample = (short) ((raw[2 * i] & 0xff) | raw[2 * i + 1] << 8);
                if (Math.abs(sample / 32768f) >= threshold) {
                    return i / channels;
                }
            }
            return -1;
        }

        private void beginChunk(long pauseFrames) throws IOException {
            leading = trim;
            ringFrames = 0;
            ringStart = 0;
            emitted = 0;
            lastLoudEnd = 0;
            collectingHead = false;
            headFrames = 0;
            overlap = 0;
            fadeInFrames = 0;
            if (pauseFrames > 0) {
                fadeOutTail();
                // In blocks, settling as it goes: a pause may be minutes long, more than a parted output should hold.
                long left = pauseFrames;
                while (left > 0) {
                    long frames = Math.min(left, SILENCE_BLOCK_FRAMES);
                    sink.writeSilence(frames);
                    left -= frames;
                    settle();
                }
                fadeInFrames = fadeFrames;
            } else if (pauseFrames == 0 && fadeFrames > 0) {
                collectingHead = true;
            }
            chunkBase = sink.frames();
        }

        private void fadeOutTail() throws IOException {
            int n = (int) Math.min(fadeFrames, sink.frames());
            if (n == 0) {
                return;
            }
            long from = sink.frames() - n;
            sink.read(from, previous, n);
            for (int i = 0; i < n; i++) {
                float gain = (float) StrictMath.cos(angle(i, n));
                for (int c = 0; c < channels; c++) {
                    previous[i * channels + c] *= gain;
                }
            }
            sink.overwrite(from, previous, n);
        }

        /** The equal-power curve's angle for frame {@code i} of {@code n}, from near 0 to near pi/2. */
        private static double angle(int i, int n) {
            return StrictMath.PI / 2 * (i + 0.5) / n;
        }

        private void feed(float[] samples, int frames) throws IOException {
            if (!trim) {
                emit(samples, 0, frames);
                return;
            }
            int start = 0;
            if (leading) {
                int firstLoud = firstLoud(samples, frames);
                if (firstLoud < 0) {
                    remember(samples, 0, frames);
                    return;
                }
                remember(samples, 0, firstLoud);
                leading = false;
                emitRing();
                start = firstLoud;
            }
            int lastLoud = lastLoud(samples, start, frames);
            if (lastLoud >= 0) {
                lastLoudEnd = emitted + (lastLoud - start) + 1;
            }
            emit(samples, start, frames - start);
        }

        private int firstLoud(float[] samples, int frames) {
            int total = frames * channels;
            for (int i = 0; i < total; i++) {
                if (Math.abs(samples[i]) >= threshold) {
                    return i / channels;
                }
            }
            return -1;
        }

        private int lastLoud(float[] samples, int startFrame, int frames) {
            for (int i = frames * channels - 1; i >= startFrame * channels; i--) {
                if (Math.abs(samples[i]) >= threshold) {
                    return i / channels;
                }
            }
            return -1;
        }

        /** Keeps the last {@code marginFrames} quiet frames before the sound starts. */
        private void remember(float[] samples, int from, int frames) {
            if (marginFrames == 0) {
                return;
            }
            int skip = Math.max(0, frames - marginFrames);
            for (int f = from + skip; f < from + frames; f++) {
                int slot = (ringStart + ringFrames) % marginFrames;
                System.arraycopy(samples, f * channels, ring, slot * channels, channels);
                if (ringFrames < marginFrames) {
                    ringFrames++;
                } else {
                    ringStart = (ringStart + 1) % marginFrames;
                }
            }
        }

        private void emitRing() throws IOException {
            if (ringFrames == 0) {
                return;
            }
            float[] ordered = new float[ringFrames * channels];
            for (int i = 0; i < ringFrames; i++) {
                int slot = (ringStart + i) % marginFrames;
                System.arraycopy(ring, slot * channels, ordered, i * channels, channels);
            }
            emit(ordered, 0, ringFrames);
        }

        /** Writes {@code frames} frames of {@code samples} from frame {@code from}, scaling them in place by the gain. */
        private void emit(float[] samples, int from, int frames) throws IOException {
            if (frames == 0) {
                return;
            }
            if (gain != 1f) {
                for (int i = from * channels, end = (from + frames) * channels; i < end; i++) {
                    samples[i] *= gain;
                }
            }
            int offset = from;
            int remaining = frames;
            if (collectingHead) {
                int take = Math.min(remaining, fadeFrames - headFrames);
                System.arraycopy(samples, offset * channels, head, headFrames * channels, take * channels);
                headFrames += take;
                offset += take;
                remaining -= take;
                emitted += take;
                if (headFrames == fadeFrames) {
                    crossfade(headFrames);
                }
                if (remaining == 0) {
                    return;
                }
            }
            if (emitted < fadeInFrames) {
                int n = (int) Math.min(remaining, fadeInFrames - emitted);
                for (int i = 0; i < n; i++) {
                    float gain = (float) StrictMath.sin(angle((int) emitted + i, fadeInFrames));
                    for (int c = 0; c < channels; c++) {
                        samples[(offset + i) * channels + c] *= gain;
                    }
                }
            }
            sink.write(samples, offset, remaining);
            emitted += remaining;
        }

        /** Overlaps the first {@code frames} of this chunk (in {@code head}) with the end of the output so far. */
        private void crossfade(int frames) throws IOException {
            collectingHead = false;
            overlap = (int) Math.min(frames, sink.frames());
            chunkBase = sink.frames() - overlap;
            if (overlap > 0) {
                sink.read(chunkBase, previous, overlap);
                for (int i = 0; i < overlap; i++) {
                    double angle = angle(i, overlap);
                    float out = (float) StrictMath.cos(angle);
                    float in = (float) StrictMath.sin(angle);
                    for (int c = 0; c < channels; c++) {
                        int k = i * channels + c;
                        previous[k] = previous[k] * out + head[k] * in;
                    }
                }
                sink.overwrite(chunkBase, previous, overlap);
            }
            sink.write(head, overlap, frames - overlap);
        }

        private void endChunk() throws IOException {
            if (collectingHead) {
                int keep = headFrames;
                if (trim) {
                    keep = leading ? 0 : (int) Math.min(keep, lastLoudEnd + marginFrames);
                }
                crossfade(keep);
            } else if (trim && !leading) {
                sink.truncate(trimmedEnd());
            }
            settle();
        }

        /** Where this chunk ends once its trailing silence is cut: the margin after the last loud frame. */
        private long trimmedEnd() {
            return Math.max(chunkBase + lastLoudEnd + marginFrames, chunkBase + overlap);
        }

        /**
         * Tells the sink which frames nothing will change any more: everything but this chunk's trailing
         * silence (which the trim may cut) and, before that, the frames the next seam fades out or
         * crossfades.
         */
        private void settle() throws IOException {
            long end = sink.frames();
            if (trim && !leading) {
                end = Math.min(end, trimmedEnd());
            }
            long settled = Math.max(0, end - fadeFrames);
            measureUpTo(settled);
            sink.settle(settled);
        }

        /** Feeds the meter the output frames up to {@code end}, read back from the sink before they settle. */
        private void measureUpTo(long end) throws IOException {
            if (meter == null) {
                return;
            }
            while (measuredFrames < end) {
                int n = (int) Math.min(end - measuredFrames, BLOCK_FRAMES);
                if (metered == null) {
                    metered = new float[BLOCK_FRAMES * channels];
                }
                sink.read(measuredFrames, metered, n);
                meter.add(metered, 0, n);
                measuredFrames += n;
            }
        }

        /** Measures the frames not settled yet and returns the output's loudness, or null without a meter. */
        LoudnessMeasurement finishMeasurement() throws IOException {
            if (meter == null) {
                return null;
            }
            measureUpTo(sink.frames());
            return meter.finish();
        }
    }
}
