package dev.readaloud.local.worker;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes 16-bit PCM as a canonical 44-byte-header WAV: what the worker's voices return. */
final class PcmWav {

    private static final int HEADER_BYTES = 44;
    private static final int BITS_PER_SAMPLE = 16;

    private PcmWav() {
    }

    /** A WAV of little-endian 16-bit samples, interleaved when {@code channels > 1}. */
    static byte[] of(short[] samples, int sampleRateHz, int channels) {
        int dataBytes = samples.length * 2;
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = channels * BITS_PER_SAMPLE / 8;
        out.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + dataBytes).put(new byte[] {'W', 'A', 'V', 'E'});
        out.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) channels)
                .putInt(sampleRateHz).putInt(sampleRateHz * blockAlign).putShort((short) blockAlign)
                .putShort((short) BITS_PER_SAMPLE);
        out.put(new byte[] {'d', 'a', 't', 'a'}).putInt(dataBytes);
        for (short s : samples) {
            out.putShort(s);
        }
        return out.array();
    }
}
