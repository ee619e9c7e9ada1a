package dev.readaloud.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A 16-bit PCM WAV being written to a file: frames are appended through a small buffer, may be
 * read back, overwritten or truncated (for fades, crossfades and trimming), and the header is
 * patched when finished. The header reserves a JUNK chunk that becomes the ds64 chunk of an RF64
 * file when the audio outgrows the 4 GiB a RIFF size field can express (EBU Tech 3306).
 */
final class WavFileSink implements AutoCloseable {

    static final int HEADER_BYTES = 80;
    /** Largest RIFF size a 32-bit field can hold; 0xFFFFFFFF itself means "see ds64". */
    static final long MAX_RIFF_BYTES = 0xFFFFFFFEL;

    private static final int BUFFER_BYTES = 1 << 16;
    private static final int DS64_BYTES = 28;

    private final FileChannel channel;
    private final WavFormat format;
    private final int blockAlign;
    private final long maxRiffBytes;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    /** Frames in the file plus the buffer. */
    private long frames;
    /** Audio bytes already in the file (the buffer holds the rest). */
    private long flushedBytes;

    WavFileSink(Path file, WavFormat format, long maxRiffBytes) throws IOException {
        if (format.bitsPerSample() != 16 || format.floatingPoint()) {
            throw new IllegalArgumentException("the sink writes 16-bit PCM only, not " + format);
        }
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ,
                StandardOpenOption.TRUNCATE_EXISTING);
        this.format = format;
        this.blockAlign = format.blockAlign();
        this.maxRiffBytes = maxRiffBytes;
        channel.write(ByteBuffer.wrap(header(0)), 0);
    }

    WavFormat format() {
        return format;
    }

    long frames() {
        return frames;
    }

    /** Appends {@code count} interleaved frames of {@code samples} from frame {@code offset}, clipped to 16 bits. */
    void write(float[] samples, int offset, int count) throws IOException {
        int channels = format.channels();
        int index = offset * channels;
        int end = (offset + count) * channels;
        while (index < end) {
            if (buffer.remaining() < 2) {
                flush();
            }
            int n = Math.min(end - index, buffer.remaining() / 2);
            byte[] bytes = buffer.array();
            int position = buffer.position();
            for (int i = 0; i < n; i++, position += 2) {
                int value = quantize(samples[index + i]);
                bytes[position] = (byte) value;
                bytes[position + 1] = (byte) (value >> 8);
            }
            buffer.position(position);
            index += n;
        }
        frames += count;
    }

    /** Appends {@code count} frames already in this sink's format (16-bit little-endian) from {@code bytes}. */
    void writeRaw(byte[] bytes, int count) throws IOException {
        int length = count * blockAlign;
        if (length > buffer.remaining()) {
            flush();
        }
        if (length >= buffer.capacity()) {
            ByteBuffer direct = ByteBuffer.wrap(bytes, 0, length);
            while (direct.hasRemaining()) {
                flushedBytes += channel.write(direct, HEADER_BYTES + flushedBytes);
            }
        } else {
            buffer.put(bytes, 0, length);
        }
        frames += count;
    }

    /** Appends {@code count} frames of silence. */
    void writeSilence(long count) throws IOException {
        long bytes = count * blockAlign;
        while (bytes > 0) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int n = (int) Math.min(bytes, buffer.remaining());
            java.util.Arrays.fill(buffer.array(), buffer.position(), buffer.position() + n, (byte) 0);
            buffer.position(buffer.position() + n);
            bytes -= n;
        }
        frames += count;
    }

    /** Reads {@code count} frames from frame {@code from} as floats (interleaved, ±1.0). */
    void read(long from, float[] samples, int count) throws IOException {
        flush();
        ByteBuffer bytes = ByteBuffer.allocate(count * blockAlign);
        long position = HEADER_BYTES + from * blockAlign;
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, position + bytes.position()) < 0) {
                throw new IOException("output file is shorter than the frames written");
            }
        }
        byte[] array = bytes.array();
        for (int i = 0; i < count * format.channels(); i++) {
            samples[i] = (short) ((array[2 * i] & 0xff) | array[2 * i + 1] << 8) / 32768f;
        }
    }

    /** Overwrites {@code count} frames from frame {@code from} (all already written). */
    void overwrite(long from, float[] samples, int count) throws IOException {
        flush();
        byte[] array = new byte[count * blockAlign];
        for (int i = 0; i < count * format.channels(); i++) {
            LittleEndian.put16(array, 2 * i, quantize(samples[i]));
        }
        ByteBuffer bytes = ByteBuffer.wrap(array);
        long position = HEADER_BYTES + from * blockAlign;
        while (bytes.hasRemaining()) {
            channel.write(bytes, position + bytes.position());
        }
    }

    /** Drops every frame from {@code frameCount} on. */
    void truncate(long frameCount) throws IOException {
        if (frameCount >= frames) {
            return;
        }
        flush();
        channel.truncate(HEADER_BYTES + frameCount * blockAlign);
        frames = frameCount;
        flushedBytes = frameCount * blockAlign;
    }

    /** Flushes the audio and writes the final header; returns the file size in bytes. */
    long finish() throws IOException {
        flush();
        channel.write(ByteBuffer.wrap(header(frames)), 0);
        return channel.size();
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            flushedBytes += channel.write(buffer, HEADER_BYTES + flushedBytes);
        }
        buffer.clear();
    }

    static int quantize(float sample) {
        float scaled = sample * 32768f;
        if (scaled >= 32767f) {
            return 32767;
        }
        if (scaled <= -32768f) {
            return -32768;
        }
        return Math.round(scaled);
    }

    private byte[] header(long frameCount) {
        long dataBytes = frameCount * blockAlign;
        long riffBytes = HEADER_BYTES - 8 + dataBytes;
        boolean rf64 = riffBytes > maxRiffBytes;
        byte[] header = new byte[HEADER_BYTES];
        LittleEndian.putId(header, 0, rf64 ? WavReader.RF64 : WavReader.RIFF);
        LittleEndian.put32(header, 4, rf64 ? WavReader.UNKNOWN_SIZE : riffBytes);
        LittleEndian.putId(header, 8, WavReader.WAVE);
        LittleEndian.putId(header, 12, rf64 ? WavReader.DS64 : "JUNK");
        LittleEndian.put32(header, 16, DS64_BYTES);
        if (rf64) {
            LittleEndian.put64(header, 20, riffBytes);
            LittleEndian.put64(header, 28, dataBytes);
            LittleEndian.put64(header, 36, frameCount);
            LittleEndian.put32(header, 44, 0);
        }
        LittleEndian.putId(header, 48, WavReader.FMT);
        LittleEndian.put32(header, 52, 16);
        LittleEndian.put16(header, 56, WavReader.WAVE_FORMAT_PCM);
        LittleEndian.put16(header, 58, format.channels());
        LittleEndian.put32(header, 60, format.sampleRateHz());
        LittleEndian.put32(header, 64, (long) format.sampleRateHz() * blockAlign);
        LittleEndian.put16(header, 68, blockAlign);
        LittleEndian.put16(header, 70, 16);
        LittleEndian.putId(header, 72, WavReader.DATA);
        LittleEndian.put32(header, 76, rf64 ? WavReader.UNKNOWN_SIZE : dataBytes);
        return header;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
