package dev.readaloud.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads RIFF/WAV files of any common shape by walking their chunks (never assuming a 44-byte
 * header).
 *
 * <p>Accepted: RIFF and RF64 (with a ds64 chunk); integer PCM of 8 (unsigned), 16, 24 and 32 bits;
 * IEEE float of 32 and 64 bits; WAVE_FORMAT_EXTENSIBLE with a PCM or float subformat; any other
 * chunk before the data (LIST, fact, JUNK, bext ...) skipped with its pad byte; data sizes of
 * 0xFFFFFFFF (a streamed file) or past the end of the file, read to the end; a trailing partial
 * frame is ignored. The RIFF size and the fmt byte rate are not used, so wrong values there are
 * tolerated.
 *
 * <p>Rejected with an {@link InvalidWavException} naming the problem: not RIFF/WAVE, no fmt chunk,
 * no data chunk, a data chunk before the fmt chunk, compressed codecs (ADPCM, MP3, A-law ...),
 * impossible fmt fields (0 channels, 0 Hz, a block align that does not match) and a header cut
 * short.
 */
public final class WavReader {

    static final String RIFF = "RIFF";
    static final String RF64 = "RF64";
    static final String WAVE = "WAVE";
    static final String FMT = "fmt ";
    static final String DATA = "data";
    static final String DS64 = "ds64";

    static final int WAVE_FORMAT_PCM = 0x0001;
    static final int WAVE_FORMAT_IEEE_FLOAT = 0x0003;
    static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;
    /** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE GUID derived from a WAVE format code. */
    static final byte[] SUBFORMAT_GUID_TAIL = {
            0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38,
            (byte) 0x9B, 0x71};

    /** A 32-bit size field meaning "unknown" (streamed) or "see ds64" (RF64). */
    static final long UNKNOWN_SIZE = 0xFFFFFFFFL;

    private static final int MIN_FMT_BYTES = 16;
    private static final int EXTENSIBLE_FMT_BYTES = 40;
    private static final int MAX_FMT_BYTES = 1 << 16;
    private static final int MIN_DS64_BYTES = 28;

    private static final Map<Integer, String> COMPRESSED_CODECS = Map.ofEntries(
            Map.entry(0x0000, "unknown"),
            Map.entry(0x0002, "Microsoft ADPCM"),
            Map.entry(0x0006, "A-law"),
            Map.entry(0x0007, "mu-law"),
            Map.entry(0x0011, "IMA ADPCM"),
            Map.entry(0x0031, "GSM 6.10"),
            Map.entry(0x0050, "MPEG"),
            Map.entry(0x0055, "MPEG Layer 3"),
            Map.entry(0x0161, "Windows Media Audio"),
            Map.entry(0x00FF, "AAC"),
            Map.entry(0x1610, "AAC"),
            Map.entry(0x674F, "Ogg Vorbis"),
            Map.entry(0xF1AC, "FLAC"));

    private WavReader() {
    }

    /**
     * Checks that {@code wav} is a complete, readable WAV file and says what it holds.
     *
     * @throws InvalidWavException naming what is wrong
     */
    public static WavInfo inspect(byte[] wav) throws InvalidWavException {
        try (WavStream stream = open(new ByteArrayInputStream(wav))) {
            WavFormat format = stream.format();
            long available = wav.length - stream.dataOffset();
            long dataBytes = stream.declaredDataBytes() < 0 ? available
                    : Math.min(stream.declaredDataBytes(), available);
            long frames = dataBytes / format.blockAlign();
            return new WavInfo(format.sampleRateHz(), format.channels(), format.bitsPerSample(),
                    format.floatingPoint(), frames);
        } catch (InvalidWavException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory failed", e);
        }
    }

    /**
     * Reads the header of the WAV on {@code in}, up to the start of its audio, and returns a stream
     * of its samples. Closing the returned stream closes {@code in}.
     *
     * @throws InvalidWavException naming what is wrong with the header
     * @throws IOException         if {@code in} fails
     */
    public static WavStream open(InputStream in) throws IOException {
        HeaderInput header = new HeaderInput(in);
        byte[] riff = new byte[12];
        int got = header.readUpTo(riff, 12);
        if (got < 12) {
            throw new InvalidWavException("header cut short: " + got + " bytes, a RIFF header needs 12");
        }
        String riffId = new String(riff, 0, 4, StandardCharsets.ISO_8859_1);
        boolean rf64 = RF64.equals(riffId) || "BW64".equals(riffId);
        if (!RIFF.equals(riffId) && !rf64) {
            if ("RIFX".equals(riffId)) {
                throw new InvalidWavException("not a RIFF/WAVE file: big-endian RIFX is not supported");
            }
            throw new InvalidWavException("not a RIFF/WAVE file: it starts with " + LittleEndian.id(riff, 0)
                    + ", not 'RIFF' or 'RF64'");
        }
        if (!WAVE.equals(new String(riff, 8, 4, StandardCharsets.ISO_8859_1))) {
            throw new InvalidWavException("not a RIFF/WAVE file: the RIFF form type is " + LittleEndian.id(riff, 8)
                    + ", not 'WAVE'");
        }

        WavFormat format = null;
        long ds64DataBytes = -1;
        byte[] chunkHeader = new byte[8];
        while (true) {
            long chunkOffset = header.position();
            got = header.readUpTo(chunkHeader, 8);
            if (got == 0) {
                throw new InvalidWavException(format == null ? "no fmt chunk: the file ends at byte " + chunkOffset
                        : "no data chunk: the file ends at byte " + chunkOffset);
            }
            if (got < 8) {
                throw new InvalidWavException("header cut short: the file ends inside a chunk header at byte "
                        + chunkOffset);
            }
            String id = new String(chunkHeader, 0, 4, StandardCharsets.ISO_8859_1);
            long size = LittleEndian.u32(chunkHeader, 4);
            switch (id) {
                case FMT -> {
                    if (format != null) {
                        throw new InvalidWavException("second fmt chunk at byte " + chunkOffset);
                    }
                    if (size < MIN_FMT_BYTES || size > MAX_FMT_BYTES) {
                        throw new InvalidWavException("fmt chunk size is " + size + " bytes, expected "
                                + MIN_FMT_BYTES + " to " + MAX_FMT_BYTES);
                    }
                    byte[] body = header.readBody(FMT, (int) size);
                    format = parseFmt(body);
                    header.skipPad(size);
                }
                case DS64 -> {
                    if (!rf64) {
                        header.skipChunk(id, size, chunkOffset, format);
                    } else {
                        if (size < MIN_DS64_BYTES || size > MAX_FMT_BYTES) {
                            throw new InvalidWavException("ds64 chunk size is " + size + " bytes, expected at least "
                                    + MIN_DS64_BYTES);
                        }
                        byte[] body = header.readBody(DS64, (int) size);
                        ds64DataBytes = LittleEndian.u64(body, 8);
                        if (ds64DataBytes < 0) {
                            throw new InvalidWavException("ds64 data size " + Long.toUnsignedString(ds64DataBytes)
                                    + " is impossible");
                        }
                        header.skipPad(size);
                    }
                }
                case DATA -> {
                    if (format == null) {
                        throw new InvalidWavException("data chunk at byte " + chunkOffset
                                + " comes before any fmt chunk");
                    }
                    long dataBytes;
                    if (size == UNKNOWN_SIZE) {
                        dataBytes = rf64 && ds64DataBytes >= 0 ? ds64DataBytes : -1;
                    } else {
                        dataBytes = size;
                    }
                    return new WavStream(format, in, header.position(), dataBytes);
                }
                default -> header.skipChunk(id, size, chunkOffset, format);
            }
        }
    }

    private static WavFormat parseFmt(byte[] fmt) throws InvalidWavException {
        int formatTag = LittleEndian.u16(fmt, 0);
        int channels = LittleEndian.u16(fmt, 2);
        long sampleRateHz = LittleEndian.u32(fmt, 4);
        int blockAlign = LittleEndian.u16(fmt, 12);
        int bitsPerSample = LittleEndian.u16(fmt, 14);
        int codec = formatTag;
        if (formatTag == WAVE_FORMAT_EXTENSIBLE) {
            if (fmt.length < EXTENSIBLE_FMT_BYTES) {
                throw new InvalidWavException("fmt chunk is " + fmt.length
                        + " bytes, WAVE_FORMAT_EXTENSIBLE needs " + EXTENSIBLE_FMT_BYTES);
            }
            int extensionBytes = LittleEndian.u16(fmt, 16);
            if (extensionBytes < 22) {
                throw new InvalidWavException("fmt cbSize is " + extensionBytes
                        + ", WAVE_FORMAT_EXTENSIBLE needs at least 22");
            }
            int validBits = LittleEndian.u16(fmt, 18);
            if (validBits > bitsPerSample) {
                throw new InvalidWavException("fmt validBitsPerSample " + validBits + " exceeds bitsPerSample "
                        + bitsPerSample);
            }
            for (int i = 0; i < SUBFORMAT_GUID_TAIL.length; i++) {
                if (fmt[26 + i] != SUBFORMAT_GUID_TAIL[i]) {
                    throw new InvalidWavException("fmt WAVE_FORMAT_EXTENSIBLE subformat GUID is not a WAVE format"
                            + " GUID; only PCM and IEEE float are supported");
                }
            }
            codec = LittleEndian.u16(fmt, 24);
        }
        if (codec != WAVE_FORMAT_PCM && codec != WAVE_FORMAT_IEEE_FLOAT) {
            String name = COMPRESSED_CODECS.getOrDefault(codec, "not PCM");
            throw new InvalidWavException(String.format("fmt format code 0x%04X (%s) is a compressed or unsupported"
                    + " codec; only PCM and IEEE float WAVs are supported", codec, name));
        }
        boolean floatingPoint = codec == WAVE_FORMAT_IEEE_FLOAT;
        if (channels == 0) {
            throw new InvalidWavException("fmt channels is 0");
        }
        if (channels > WavFormat.MAX_CHANNELS) {
            throw new InvalidWavException("fmt channels is " + channels + ", more than " + WavFormat.MAX_CHANNELS);
        }
        if (sampleRateHz == 0 || sampleRateHz > WavFormat.MAX_SAMPLE_RATE_HZ) {
            throw new InvalidWavException("fmt sample rate is " + sampleRateHz + " Hz, expected 1 to "
                    + WavFormat.MAX_SAMPLE_RATE_HZ);
        }
        if (floatingPoint ? bitsPerSample != 32 && bitsPerSample != 64
                : bitsPerSample != 8 && bitsPerSample != 16 && bitsPerSample != 24 && bitsPerSample != 32) {
            throw new InvalidWavException("fmt bitsPerSample is " + bitsPerSample + ", expected "
                    + (floatingPoint ? "32 or 64 for IEEE float" : "8, 16, 24 or 32 for PCM"));
        }
        int expectedBlockAlign = channels * bitsPerSample / 8;
        if (blockAlign != expectedBlockAlign) {
            throw new InvalidWavException("fmt blockAlign is " + blockAlign + ", expected " + expectedBlockAlign
                    + " for " + channels + " channel(s) of " + bitsPerSample + " bits");
        }
        return new WavFormat((int) sampleRateHz, channels, bitsPerSample, floatingPoint);
    }

    /** Reads header bytes and counts the position, for messages and for where the data starts. */
    private static final class HeaderInput {
        private final InputStream in;
        private long position;

        HeaderInput(InputStream in) {
            this.in = in;
        }

        long position() {
            return position;
        }

        int readUpTo(byte[] buffer, int length) throws IOException {
            int total = 0;
            while (total < length) {
                int n = in.read(buffer, total, length - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            position += total;
            return total;
        }

        byte[] readBody(String id, int size) throws IOException {
            byte[] body = new byte[size];
            int got = readUpTo(body, size);
            if (got < size) {
                throw new InvalidWavException("header cut short: the '" + id.trim() + "' chunk declares " + size
                        + " bytes, the file ends after " + got);
            }
            return body;
        }

        void skipPad(long size) throws IOException {
            if ((size & 1) != 0) {
                // The pad byte may be missing at the very end of a file; the next read reports that.
                position += in.skip(1) == 1 ? 1 : in.read() >= 0 ? 1 : 0;
            }
        }

        void skipChunk(String id, long size, long chunkOffset, WavFormat format) throws IOException {
            long toSkip = size + (size & 1);
            long skipped = 0;
            while (skipped < toSkip) {
                long n = in.skip(toSkip - skipped);
                if (n <= 0) {
                    if (in.read() < 0) {
                        break;
                    }
                    n = 1;
                }
                skipped += n;
            }
            position += skipped;
            boolean padOnlyMissing = skipped == size && (size & 1) != 0;
            if (skipped < toSkip && !padOnlyMissing) {
                throw new InvalidWavException((format == null ? "no fmt chunk" : "no data chunk")
                        + ": the file ends inside the " + printable(id) + " chunk that starts at byte " + chunkOffset
                        + " and declares " + size + " bytes");
            }
        }

        private static String printable(String id) {
            return LittleEndian.id(id.getBytes(StandardCharsets.ISO_8859_1), 0);
        }
    }
}
