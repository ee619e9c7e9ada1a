package dev.readaloud.audio;

import java.io.IOException;
import java.io.InputStream;

/**
 * The samples of one WAV file, read in order as floats with full scale at ±1.0, so a file of any
 * size can be processed in bounded memory. Obtained from {@link WavReader#open(InputStream)}.
 */
public final class WavStream implements AutoCloseable {

    private static final float PCM8_SCALE = 1f / 128;
    private static final float PCM16_SCALE = 1f / 32768;
    private static final float PCM24_SCALE = 1f / 8388608;
    private static final double PCM32_SCALE = 1.0 / 2147483648.0;

    private final WavFormat format;
    private final InputStream in;
    private final long dataOffset;
    private final long declaredDataBytes;
    private long remainingBytes;
    private byte[] bytes = new byte[0];
    private boolean ended;

    WavStream(WavFormat format, InputStream in, long dataOffset, long declaredDataBytes) {
        this.format = format;
        this.in = in;
        this.dataOffset = dataOffset;
        this.declaredDataBytes = declaredDataBytes;
        this.remainingBytes = declaredDataBytes < 0 ? Long.MAX_VALUE : declaredDataBytes;
    }

    /** The sample layout of the data chunk. */
    public WavFormat format() {
        return format;
    }

    /** Byte offset of the first audio byte in the file. */
    public long dataOffset() {
        return dataOffset;
    }

    /** Size the data chunk declares in bytes, or -1 when unknown (a streamed file); the file may hold fewer. */
    public long declaredDataBytes() {
        return declaredDataBytes;
    }

    /**
     * Reads up to {@code maxFrames} frames into {@code samples} (interleaved, {@code channels} per
     * frame, full scale ±1.0).
     *
     * @return frames read, or -1 at the end of the audio
     */
    public int read(float[] samples, int maxFrames) throws IOException {
        if (bytes.length < maxFrames * format.blockAlign()) {
            bytes = new byte[maxFrames * format.blockAlign()];
        }
        int frames = fill(bytes, maxFrames);
        if (frames > 0) {
            decode(bytes, samples, frames * format.channels());
        }
        return frames;
    }

    /**
     * Reads up to {@code maxFrames} frames as the file stores them (little-endian, {@link
     * WavFormat#blockAlign()} bytes a frame) into {@code frameBytes}.
     *
     * @return frames read, or -1 at the end of the audio
     */
    public int readRaw(byte[] frameBytes, int maxFrames) throws IOException {
        return fill(frameBytes, maxFrames);
    }

    /** Reads up to {@code maxFrames} whole frames into {@code target}; returns how many, or -1 at the end. */
    private int fill(byte[] target, int maxFrames) throws IOException {
        if (ended) {
            return -1;
        }
        int blockAlign = format.blockAlign();
        long wantBytes = Math.min((long) maxFrames * blockAlign, remainingBytes);
        if (wantBytes < blockAlign) {
            ended = true;
            return -1;
        }
        int want = (int) (wantBytes - wantBytes % blockAlign);
        int have = 0;
        while (have < want) {
            int n = in.read(target, have, want - have);
            if (n < 0) {
                break;
            }
            have += n;
        }
        int frames = have / blockAlign;
        if (frames == 0) {
            ended = true;
            return -1;
        }
        remainingBytes -= (long) frames * blockAlign;
        return frames;
    }

    private void decode(byte[] src, float[] dst, int samples) {
        switch (format.bitsPerSample()) {
            case 8 -> {
                for (int i = 0; i < samples; i++) {
                    dst[i] = ((src[i] & 0xff) - 128) * PCM8_SCALE;
                }
            }
            case 16 -> {
                for (int i = 0, b = 0; i < samples; i++, b += 2) {
                    dst[i] = (short) ((src[b] & 0xff) | src[b + 1] << 8) * PCM16_SCALE;
                }
            }
            case 24 -> {
                for (int i = 0, b = 0; i < samples; i++, b += 3) {
                    dst[i] = ((src[b] & 0xff) | (src[b + 1] & 0xff) << 8 | src[b + 2] << 16) * PCM24_SCALE;
                }
            }
            case 32 -> {
                for (int i = 0, b = 0; i < samples; i++, b += 4) {
                    int bits = (src[b] & 0xff) | (src[b + 1] & 0xff) << 8 | (src[b + 2] & 0xff) << 16 | src[b + 3] << 24;
                    dst[i] = format.floatingPoint() ? finite(Float.intBitsToFloat(bits)) : (float) (bits * PCM32_SCALE);
                }
            }
            case 64 -> {
                for (int i = 0, b = 0; i < samples; i++, b += 8) {
                    long low = (src[b] & 0xff) | (src[b + 1] & 0xff) << 8 | (src[b + 2] & 0xff) << 16
                            | (long) (src[b + 3] & 0xff) << 24;
                    long high = (src[b + 4] & 0xff) | (src[b + 5] & 0xff) << 8 | (src[b + 6] & 0xff) << 16
                            | (long) (src[b + 7] & 0xff) << 24;
                    dst[i] = finite((float) Double.longBitsToDouble(low | high << 32));
                }
            }
            default -> throw new IllegalStateException("unsupported bits " + format.bitsPerSample());
        }
    }

    /** NaN becomes silence and infinities full scale, so one bad sample cannot poison a mix. */
    private static float finite(float sample) {
        if (Float.isNaN(sample)) {
            return 0f;
        }
        return Math.max(-1e6f, Math.min(1e6f, sample));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
