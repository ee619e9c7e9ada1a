package dev.readaloud.audio;

/**
 * Writes small WAV files in memory: a canonical header (RIFF, fmt, data) followed by the samples.
 * For tests and for workers that produce a chunk at a time; long outputs go through
 * {@link WavStitcher}, which streams to a file.
 */
public final class WavWriter {

    private static final int CANONICAL_HEADER_BYTES = 44;
    private static final int EXTENSIBLE_HEADER_BYTES = 68;

    private WavWriter() {
    }

    /**
     * A 16-bit PCM WAV of {@code samples} (interleaved, {@code channels} per frame).
     *
     * @throws IllegalArgumentException if the rate or channel count is impossible or the sample count
     *                                  is not a whole number of frames
     */
    public static byte[] pcm16(int sampleRateHz, int channels, short[] samples) {
        WavFormat format = WavFormat.pcm16(sampleRateHz, channels);
        checkWholeFrames(samples.length, channels);
        byte[] wav = header(format, (long) samples.length * 2, false);
        int offset = CANONICAL_HEADER_BYTES;
        for (short sample : samples) {
            LittleEndian.put16(wav, offset, sample);
            offset += 2;
        }
        return wav;
    }

    /**
     * A WAV of {@code samples} (interleaved, full scale ±1.0, clipped) in {@code format}: integer
     * samples are rounded to the nearest step, float samples stored as they are.
     *
     * @param extensible write a WAVE_FORMAT_EXTENSIBLE fmt chunk rather than the plain one
     */
    public static byte[] encode(WavFormat format, double[] samples, boolean extensible) {
        checkWholeFrames(samples.length, format.channels());
        int bytesPerSample = format.bytesPerSample();
        byte[] wav = header(format, (long) samples.length * bytesPerSample, extensible);
        int offset = extensible ? EXTENSIBLE_HEADER_BYTES : CANONICAL_HEADER_BYTES;
        for (double sample : samples) {
            if (format.floatingPoint()) {
                if (format.bitsPerSample() == 32) {
                    LittleEndian.put32(wav, offset, Float.floatToIntBits((float) sample));
                } else {
                    LittleEndian.put64(wav, offset, Double.doubleToLongBits(sample));
                }
            } else {
                long fullScale = 1L << (format.bitsPerSample() - 1);
                long value = Math.max(-fullScale, Math.min(fullScale - 1, Math.round(sample * fullScale)));
                switch (format.bitsPerSample()) {
                    case 8 -> wav[offset] = (byte) (value + 128);
                    case 16 -> LittleEndian.put16(wav, offset, (int) value);
                    case 24 -> {
                        LittleEndian.put16(wav, offset, (int) value);
                        wav[offset + 2] = (byte) (value >> 16);
                    }
                    default -> LittleEndian.put32(wav, offset, value);
                }
            }
            offset += bytesPerSample;
        }
        return wav;
    }

    private static void checkWholeFrames(int samples, int channels) {
        if (samples % channels != 0) {
            throw new IllegalArgumentException(samples + " samples are not a whole number of " + channels
                    + "-channel frames");
        }
    }

    private static byte[] header(WavFormat format, long dataBytes, boolean extensible) {
        int headerBytes = extensible ? EXTENSIBLE_HEADER_BYTES : CANONICAL_HEADER_BYTES;
        long padded = dataBytes + (dataBytes & 1);
        if (headerBytes + padded > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many samples for an in-memory WAV: " + dataBytes + " bytes");
        }
        byte[] wav = new byte[(int) (headerBytes + padded)];
        LittleEndian.putId(wav, 0, WavReader.RIFF);
        LittleEndian.put32(wav, 4, wav.length - 8);
        LittleEndian.putId(wav, 8, WavReader.WAVE);
        LittleEndian.putId(wav, 12, WavReader.FMT);
        LittleEndian.put32(wav, 16, extensible ? 40 : 16);
        int code = format.floatingPoint() ? WavReader.WAVE_FORMAT_IEEE_FLOAT : WavReader.WAVE_FORMAT_PCM;
        LittleEndian.put16(wav, 20, extensible ? WavReader.WAVE_FORMAT_EXTENSIBLE : code);
        LittleEndian.put16(wav, 22, format.channels());
        LittleEndian.put32(wav, 24, format.sampleRateHz());
        LittleEndian.put32(wav, 28, (long) format.sampleRateHz() * format.blockAlign());
        LittleEndian.put16(wav, 32, format.blockAlign());
        LittleEndian.put16(wav, 34, format.bitsPerSample());
        int dataHeader = 36;
        if (extensible) {
            LittleEndian.put16(wav, 36, 22);
            LittleEndian.put16(wav, 38, format.bitsPerSample());
            LittleEndian.put32(wav, 40, format.channels() == 2 ? 0x3 : format.channels() == 1 ? 0x4 : 0);
            LittleEndian.put16(wav, 44, code);
            System.arraycopy(WavReader.SUBFORMAT_GUID_TAIL, 0, wav, 46, WavReader.SUBFORMAT_GUID_TAIL.length);
            dataHeader = 60;
        }
        LittleEndian.putId(wav, dataHeader, WavReader.DATA);
        LittleEndian.put32(wav, dataHeader + 4, dataBytes);
        return wav;
    }
}
