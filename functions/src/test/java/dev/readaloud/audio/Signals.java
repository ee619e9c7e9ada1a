package dev.readaloud.audio;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test signals and hand-built RIFF files. */
final class Signals {

    private Signals() {
    }

    /** A mono sine of {@code hz} at {@code amplitude} (full scale 1.0), {@code frames} long. */
    static double[] sine(double hz, int rateHz, int frames, double amplitude) {
        double[] samples = new double[frames];
        for (int i = 0; i < frames; i++) {
            samples[i] = amplitude * Math.sin(2 * Math.PI * hz * i / rateHz);
        }
        return samples;
    }

    static double[] silence(int frames) {
        return new double[frames];
    }

    static double[] concat(double[]... parts) {
        int total = 0;
        for (double[] part : parts) {
            total += part.length;
        }
        double[] all = new double[total];
        int offset = 0;
        for (double[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }

    /** Interleaves mono signals into frames. */
    static double[] interleave(double[]... channels) {
        int frames = channels[0].length;
        double[] all = new double[frames * channels.length];
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels.length; c++) {
                all[f * channels.length + c] = channels[c][f];
            }
        }
        return all;
    }

    static short[] toPcm16(double[] samples) {
        short[] pcm = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32768)));
        }
        return pcm;
    }

    /** Frequency estimated from rising zero crossings between the first and the last. */
    static double zeroCrossingHz(short[] samples, int from, int to, int rateHz) {
        int first = -1;
        int last = -1;
        int count = 0;
        for (int i = from + 1; i < to; i++) {
            if (samples[i - 1] < 0 && samples[i] >= 0) {
                if (first < 0) {
                    first = i;
                } else {
                    count++;
                }
                last = i;
            }
        }
        return (double) count * rateHz / (last - first);
    }

    /** Power at {@code hz} (Goertzel), normalised so a full-scale-A sine gives about A^2/4. */
    static double goertzel(short[] samples, int from, int to, double hz, int rateHz) {
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / rateHz);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s0 = samples[i] / 32768.0 + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        double n = to - from;
        return power / (n * n);
    }

    static double rms(short[] samples, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            double x = samples[i] / 32768.0;
            sum += x * x;
        }
        return Math.sqrt(sum / (to - from));
    }

    static int maxStep(short[] samples, int from, int to) {
        int max = 0;
        for (int i = Math.max(from, 1); i < to; i++) {
            max = Math.max(max, Math.abs(samples[i] - samples[i - 1]));
        }
        return max;
    }

    /** Builds RIFF files chunk by chunk, with whatever sizes a test wants. */
    static final class Riff {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        static Riff wave() {
            return new Riff().id("RIFF").u32(0).id("WAVE");
        }

        Riff id(String fourCc) {
            out.writeBytes(fourCc.getBytes(StandardCharsets.ISO_8859_1));
            return this;
        }

        Riff u16(int value) {
            out.write(value & 0xff);
            out.write(value >>> 8 & 0xff);
            return this;
        }

        Riff u32(long value) {
            for (int i = 0; i < 4; i++) {
                out.write((int) (value >>> (8 * i)) & 0xff);
            }
            return this;
        }

        Riff u64(long value) {
            return u32(value).u32(value >>> 32);
        }

        Riff bytes(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        /** A chunk with its real size and a pad byte when odd. */
        Riff chunk(String id, byte[] body) {
            id(id).u32(body.length).bytes(body);
            if (body.length % 2 == 1) {
                out.write(0);
            }
            return this;
        }

        /** A plain fmt chunk. */
        Riff fmt(int code, int channels, int rateHz, int bits) {
            int blockAlign = channels * bits / 8;
            return id("fmt ").u32(16).u16(code).u16(channels).u32(rateHz).u32((long) rateHz * blockAlign)
                    .u16(blockAlign).u16(bits);
        }

        /** A WAVE_FORMAT_EXTENSIBLE fmt chunk with subformat {@code code}. */
        Riff fmtExtensible(int code, int channels, int rateHz, int bits, int validBits) {
            int blockAlign = channels * bits / 8;
            return id("fmt ").u32(40).u16(0xFFFE).u16(channels).u32(rateHz).u32((long) rateHz * blockAlign)
                    .u16(blockAlign).u16(bits).u16(22).u16(validBits).u32(channels == 2 ? 3 : 4).u16(code)
                    .bytes(new byte[] {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA,
                            0x00, 0x38, (byte) 0x9B, 0x71});
        }

        /** A data chunk declaring {@code declaredSize} bytes and holding {@code body}. */
        Riff data(long declaredSize, byte[] body) {
            return id("data").u32(declaredSize).bytes(body);
        }

        byte[] build() {
            byte[] bytes = out.toByteArray();
            long riffSize = bytes.length - 8;
            for (int i = 0; i < 4; i++) {
                bytes[4 + i] = (byte) (riffSize >>> (8 * i));
            }
            return bytes;
        }

        /** The bytes with the RIFF size left as written. */
        byte[] raw() {
            return out.toByteArray();
        }
    }

    /** The audio bytes of a WAV written by {@link WavWriter} (after its canonical 44-byte header). */
    static byte[] audioOf(byte[] canonicalWav) {
        return java.util.Arrays.copyOfRange(canonicalWav, 44, canonicalWav.length);
    }
}
