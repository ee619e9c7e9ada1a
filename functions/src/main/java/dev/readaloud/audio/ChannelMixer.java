package dev.readaloud.audio;

/**
 * Converts interleaved frames between channel counts: to mono by averaging every channel; mono to
 * stereo by copying; more than two channels to stereo by keeping the first two (front left and
 * right in WAV channel order).
 */
final class ChannelMixer {

    private ChannelMixer() {
    }

    /** Writes {@code frames} frames of {@code in} with {@code inChannels} to {@code out} with {@code outChannels}. */
    static void mix(float[] in, int inChannels, float[] out, int outChannels, int frames) {
        if (inChannels == outChannels) {
            System.arraycopy(in, 0, out, 0, frames * inChannels);
        } else if (outChannels == 1) {
            float scale = 1f / inChannels;
            for (int f = 0, i = 0; f < frames; f++) {
                float sum = 0;
                for (int c = 0; c < inChannels; c++) {
                    sum += in[i++];
                }
                out[f] = sum * scale;
            }
        } else if (inChannels == 1) {
            for (int f = 0; f < frames; f++) {
                for (int c = 0; c < outChannels; c++) {
                    out[f * outChannels + c] = in[f];
                }
            }
        } else {
            for (int f = 0; f < frames; f++) {
                for (int c = 0; c < outChannels; c++) {
                    out[f * outChannels + c] = c < inChannels ? in[f * inChannels + c] : 0f;
                }
            }
        }
    }
}
