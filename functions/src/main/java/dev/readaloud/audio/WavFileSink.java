package dev.readaloud.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A 16-bit PCM WAV being written to a file: frames are appended through a small buffer, may be
 * read back, overwritten or truncated anywhere (for fades, crossfades and trimming), and the
 * header ({@link WavHeader}, RF64 past 4 GiB) is patched in place when finished. Settling frames
 * changes nothing here: the whole file stays writable.
 */
final class WavFileSink implements WavSink {

    private static final int HEADER_BYTES = WavHeader.BYTES;
    private static final int BUFFER_BYTES = 1 << 16;

    private final FileChannel channel;
    private final WavFormat format;
    private final int blockAlign;
    private final long maxRiffBytes;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private ByteBuffer readBuffer;
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
        channel.write(ByteBuffer.wrap(WavHeader.of(format, 0, maxRiffBytes)), 0);
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
            if (buffer.remaining() < 2) {
                flush();
            }
            int n = Math.min(end - index, buffer.remaining() / 2);
            byte[] bytes = buffer.array();
            int position = buffer.position();
            for (int i = 0; i < n; i++, position += 2) {
                int value = WavSink.quantize(samples[index + i]);
                bytes[position] = (byte) value;
                bytes[position + 1] = (byte) (value >> 8);
            }
            buffer.position(position);
            index += n;
        }
        frames += count;
    }

    @Override
    public void writeRaw(byte[] bytes, int count) throws IOException {
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

    @Override
    public void writeSilence(long count) throws IOException {
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

    @Override
    public void read(long from, float[] samples, int count) throws IOException {
        flush();
        // Reused: the stitcher reads back every settled block when it measures its output.
        if (readBuffer == null || readBuffer.capacity() < count * blockAlign) {
            readBuffer = ByteBuffer.allocate(count * blockAlign);
        }
        ByteBuffer bytes = readBuffer.clear().limit(count * blockAlign);
        long position = HEADER_BYTES + from * blockAlign;
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, position + bytes.position()) < 0) {
                throw new IOException("output file is shorter than the frames written");
            }
        }
        WavSink.decode(bytes.array(), 0, samples, count * format.channels());
    }

    @Override
    public void overwrite(long from, float[] samples, int count) throws IOException {
        flush();
        byte[] array = new byte[count * blockAlign];
        WavSink.encode(samples, 0, count * format.channels(), array, 0);
        ByteBuffer bytes = ByteBuffer.wrap(array);
        long position = HEADER_BYTES + from * blockAlign;
        while (bytes.hasRemaining()) {
            channel.write(bytes, position + bytes.position());
        }
    }

    @Override
    public void truncate(long frameCount) throws IOException {
        if (frameCount >= frames) {
            return;
        }
        flush();
        channel.truncate(HEADER_BYTES + frameCount * blockAlign);
        frames = frameCount;
        flushedBytes = frameCount * blockAlign;
    }

    @Override
    public void settle(long frameCount) {
        // A file can be rewritten anywhere: nothing to pass on early.
    }

    @Override
    public long finish() throws IOException {
        flush();
        channel.write(ByteBuffer.wrap(WavHeader.of(format, frames, maxRiffBytes)), 0);
        return channel.size();
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            flushedBytes += channel.write(buffer, HEADER_BYTES + flushedBytes);
        }
        buffer.clear();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
