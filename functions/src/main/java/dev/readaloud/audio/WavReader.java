package dev.readaloud.audio;

/** Reads RIFF/WAV files of any common shape by walking their chunks. */
public final class WavReader {

    private WavReader() {
    }

    /**
     * Checks that {@code wav} is a complete, readable WAV file and says what it holds.
     *
     * @throws InvalidWavException naming what is wrong
     */
    public static WavInfo inspect(byte[] wav) throws InvalidWavException {
        // TEMPORARY minimal walker (runpod branch only) so the RunPod client's tests can run;
        // the audio branch's full reader replaces this body on merge.
        if (wav == null || wav.length < 12) {
            throw new InvalidWavException("too short for a RIFF header: " + (wav == null ? 0 : wav.length) + " bytes");
        }
        if (!ascii(wav, 0, "RIFF") || !ascii(wav, 8, "WAVE")) {
            throw new InvalidWavException("missing RIFF/WAVE magic at offset 0/8");
        }
        int offset = 12;
        int channels = 0;
        int sampleRate = 0;
        int bits = 0;
        int format = 0;
        boolean fmt = false;
        while (offset + 8 <= wav.length) {
            long size = u32(wav, offset + 4);
            int body = offset + 8;
            if (ascii(wav, offset, "fmt ")) {
                if (size < 16 || body + 16 > wav.length) {
                    throw new InvalidWavException("fmt chunk too short: " + size + " bytes");
                }
                format = u16(wav, body);
                channels = u16(wav, body + 2);
                sampleRate = (int) u32(wav, body + 4);
                bits = u16(wav, body + 14);
                fmt = true;
            } else if (ascii(wav, offset, "data")) {
                if (!fmt) {
                    throw new InvalidWavException("data chunk before fmt chunk");
                }
                if (channels < 1 || sampleRate < 1 || bits < 8 || bits % 8 != 0) {
                    throw new InvalidWavException("fmt chunk has channels=" + channels + ", sampleRateHz=" + sampleRate
                            + ", bitsPerSample=" + bits);
                }
                long available = Math.min(size, wav.length - (long) body);
                long frames = available / ((long) channels * (bits / 8));
                return new WavInfo(sampleRate, channels, bits, format == 3, frames);
            }
            offset = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new InvalidWavException(fmt ? "no data chunk" : "no fmt chunk");
    }

    private static boolean ascii(byte[] b, int at, String tag) {
        if (at + 4 > b.length) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (b[at + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int at) {
        return ((b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (long) (b[at + 3] & 0xff) << 24)
                & 0xffffffffL;
    }
}
