package dev.readaloud.runpod;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes small WAVs for tests: a 16-bit mono sine of known frequency and length. */
final class TestWavs {

    private TestWavs() {
    }

    static byte[] sine(int sampleRateHz, double frequencyHz, int frames) {
        int dataBytes = frames * 2;
        ByteBuffer out = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        out.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(sampleRateHz)
                .putInt(sampleRateHz * 2).putShort((short) 2).putShort((short) 16);
        out.put("data".getBytes()).putInt(dataBytes);
        for (int i = 0; i < frames; i++) {
            out.putShort((short) Math.round(10_000 * Math.sin(2 * Math.PI * frequencyHz * i / sampleRateHz)));
        }
        return out.array();
    }
}
