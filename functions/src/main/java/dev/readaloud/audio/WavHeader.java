package dev.readaloud.audio;

/**
 * The 80-byte header every stitched WAV starts with: RIFF, a 28-byte JUNK chunk, fmt (16-bit PCM)
 * and the data chunk's header. The JUNK chunk is room reserved for a ds64 chunk: when the audio
 * outgrows the 4 GiB a RIFF size field can express, the file becomes RF64 (EBU Tech 3306) without
 * moving a byte of audio, so the header can always be written last, in place.
 */
final class WavHeader {

    static final int BYTES = 80;
    /** Largest RIFF size a 32-bit field can hold; 0xFFFFFFFF itself means "see ds64". */
    static final long MAX_RIFF_BYTES = 0xFFFFFFFEL;

    private static final int DS64_BYTES = 28;
    private static final int FMT_BYTES = 16;

    private WavHeader() {
    }

    /**
     * The header of a 16-bit PCM WAV of {@code frames} frames.
     *
     * @param maxRiffBytes the largest RIFF size written as RIFF; beyond it the header is RF64
     *                     ({@link #MAX_RIFF_BYTES} except in tests)
     */
    static byte[] of(WavFormat format, long frames, long maxRiffBytes) {
        int blockAlign = format.blockAlign();
        long dataBytes = frames * blockAlign;
        long riffBytes = BYTES - 8 + dataBytes;
        boolean rf64 = riffBytes > maxRiffBytes;
        byte[] header = new byte[BYTES];
        LittleEndian.putId(header, 0, rf64 ? WavReader.RF64 : WavReader.RIFF);
        LittleEndian.put32(header, 4, rf64 ? WavReader.UNKNOWN_SIZE : riffBytes);
        LittleEndian.putId(header, 8, WavReader.WAVE);
        LittleEndian.putId(header, 12, rf64 ? WavReader.DS64 : "JUNK");
        LittleEndian.put32(header, 16, DS64_BYTES);
        if (rf64) {
            LittleEndian.put64(header, 20, riffBytes);
            LittleEndian.put64(header, 28, dataBytes);
            LittleEndian.put64(header, 36, frames);
            LittleEndian.put32(header, 44, 0);
        }
        LittleEndian.putId(header, 48, WavReader.FMT);
        LittleEndian.put32(header, 52, FMT_BYTES);
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
}
