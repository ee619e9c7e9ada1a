package dev.readaloud.audio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A 16-bit PCM WAV cut into parts for a {@link PartedOutput}. Part 1 (the header and the first
 * audio) stays in memory to the end, when the header's sizes are known; every later part is handed
 * over as soon as all its frames are settled, and its buffer is reused. Until then frames may be
 * read back, overwritten or truncated as in a file, so the bytes are exactly a {@link WavFileSink}'s.
 */
final class WavPartSink implements WavSink {

    private static final int HEADER_BYTES = WavHeader.BYTES;
    /** Encoding buffer for appended samples: a part boundary may fall anywhere, even inside a sample. */
    private static final int ENCODE_BYTES = 1 << 16;

    private final PartedOutput output;
    private final WavFormat format;
    private final int blockAlign;
    private final long maxRiffBytes;
    private final int partBytes;
    private final byte[] first;
    /** Parts after part 1 not handed over yet, in order: part {@code nextPart + i}. */
    private final List<byte[]> held = new ArrayList<>();
    private final byte[] encoded = new byte[ENCODE_BYTES];
    private byte[] readBytes = new byte[0];
    /** A handed-over part's buffer, kept for the next part. */
    private byte[] spare;
    private int nextPart = 2;
    /** Bytes of the WAV so far, header included. */
    private long size = HEADER_BYTES;
    private long frames;
    private long settledFrames;
    private boolean finished;

    WavPartSink(PartedOutput output, WavFormat format, long maxRiffBytes) {
        if (format.bitsPerSample() != 16 || format.floatingPoint()) {
            throw new IllegalArgumentException("the sink writes 16-bit PCM only, not " + format);
        }
        int partBytes = output.partBytes();
        if (partBytes < HEADER_BYTES) {
            throw new IllegalArgumentException("partBytes is " + partBytes + ", must be at least " + HEADER_BYTES
                    + " (the header)");
        }
        this.output = output;
        this.format = format;
        this.blockAlign = format.blockAlign();
        this.maxRiffBytes = maxRiffBytes;
        this.partBytes = partBytes;
        this.first = new byte[partBytes];
    }

    @Override
    public WavFormat format() {
        return format;
    }

    @Override
    public long frames() {
        return frames;
    }

    @Override
    public void write(float[] samples, int offset, int count) throws IOException {
        int channels = format.channels();
        int index = offset * channels;
        int end = (offset + count) * channels;
        while (index < end) {
            int n = Math.min(end - index, ENCODE_BYTES / 2);
            WavSink.encode(samples, index, n, encoded, 0);
            append(encoded, 2 * n);
            index += n;
        }
        frames += count;
    }

    @Override
    public void writeRaw(byte[] bytes, int count) throws IOException {
        append(bytes, count * blockAlign);
        frames += count;
    }

    @Override
    public void writeSilence(long count) throws IOException {
        long remaining = count * blockAlign;
        while (remaining > 0) {
            byte[] part = partAt(size);
            int offset = offsetIn(size);
            int n = (int) Math.min(remaining, partBytes - offset);
            Arrays.fill(part, offset, offset + n, (byte) 0);
            size += n;
            remaining -= n;
        }
        frames += count;
    }

    @Override
    public void read(long from, float[] samples, int count) {
        requireUnsettled(from, "read");
        // Reused: the stitcher reads back every settled block when it measures its output.
        if (readBytes.length < count * blockAlign) {
            readBytes = new byte[count * blockAlign];
        }
        copy(HEADER_BYTES + from * blockAlign, readBytes, count * blockAlign, false);
        WavSink.decode(readBytes, 0, samples, count * format.channels());
    }

    @Override
    public void overwrite(long from, float[] samples, int count) {
        requireUnsettled(from, "overwrite");
        byte[] bytes = new byte[count * blockAlign];
        WavSink.encode(samples, 0, count * format.channels(), bytes, 0);
        copy(HEADER_BYTES + from * blockAlign, bytes, bytes.length, true);
    }

    /**
     * Copies {@code length} bytes between {@code bytes} and the output from byte {@code position} on, across
     * part boundaries: into the parts when {@code intoParts}, out of them otherwise.
     */
    private void copy(long position, byte[] bytes, int length, boolean intoParts) {
        int done = 0;
        while (done < length) {
            byte[] part = partAt(position + done);
            int offset = offsetIn(position + done);
            int n = Math.min(length - done, partBytes - offset);
            if (intoParts) {
                System.arraycopy(bytes, done, part, offset, n);
            } else {
                System.arraycopy(part, offset, bytes, done, n);
            }
            done += n;
        }
    }

    @Override
    public void truncate(long frameCount) {
        if (frameCount >= frames) {
            return;
        }
        requireUnsettled(frameCount, "truncate");
        frames = frameCount;
        size = HEADER_BYTES + frameCount * blockAlign;
        long lastPart = (size - 1) / partBytes + 1;
        while (!held.isEmpty() && nextPart + held.size() - 1 > lastPart) {
            spare = held.removeLast();
        }
    }

    @Override
    public void settle(long frameCount) throws IOException {
        if (frameCount <= settledFrames) {
            return;
        }
        if (frameCount > frames) {
            throw new IllegalArgumentException("cannot settle " + frameCount + " frames, only " + frames
                    + " are written");
        }
        settledFrames = frameCount;
        long settledBytes = HEADER_BYTES + frameCount * blockAlign;
        while (!held.isEmpty() && (long) nextPart * partBytes <= settledBytes) {
            byte[] part = held.removeFirst();
            output.part(nextPart, part, partBytes);
            nextPart++;
            spare = part;
        }
    }

    @Override
    public long finish() throws IOException {
        if (finished) {
            throw new IllegalStateException("the WAV is already finished");
        }
        finished = true;
        System.arraycopy(WavHeader.of(format, frames, maxRiffBytes), 0, first, 0, HEADER_BYTES);
        while (!held.isEmpty()) {
            byte[] part = held.removeFirst();
            long start = (long) (nextPart - 1) * partBytes;
            output.part(nextPart, part, (int) Math.min(partBytes, size - start));
            nextPart++;
        }
        output.complete(first, (int) Math.min(partBytes, size), nextPart - 1);
        return size;
    }

    @Override
    public void close() {
        held.clear();
        spare = null;
    }

    private void append(byte[] bytes, int length) {
        int done = 0;
        while (done < length) {
            byte[] part = partAt(size);
            int offset = offsetIn(size);
            int n = Math.min(length - done, partBytes - offset);
            System.arraycopy(bytes, done, part, offset, n);
            size += n;
            done += n;
        }
    }

    /** The buffer of the part holding byte {@code position}, a new one when it is the next byte to append. */
    private byte[] partAt(long position) {
        long number = position / partBytes + 1;
        if (number == 1) {
            return first;
        }
        if (number < nextPart) {
            throw new IllegalStateException("byte " + position + " is in part " + number + ", already handed over");
        }
        if (number > Integer.MAX_VALUE) {
            throw new IllegalStateException("the WAV needs more than " + Integer.MAX_VALUE + " parts of "
                    + partBytes + " bytes");
        }
        int index = (int) (number - nextPart);
        if (index == held.size()) {
            held.add(spare != null ? spare : new byte[partBytes]);
            spare = null;
        }
        return held.get(index);
    }

    private int offsetIn(long position) {
        return (int) (position % partBytes);
    }

    /** Settled frames may already be handed over: going back to them is a stitcher bug, never silent. */
    private void requireUnsettled(long frame, String what) {
        if (frame < settledFrames) {
            throw new IllegalStateException("cannot " + what + " at frame " + frame + ": the frames before "
                    + settledFrames + " are settled");
        }
    }
}
