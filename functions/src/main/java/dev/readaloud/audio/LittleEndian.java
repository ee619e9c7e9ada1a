package dev.readaloud.audio;

/** Little-endian field access for RIFF headers. */
final class LittleEndian {

    private LittleEndian() {
    }

    static int u16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8;
    }

    static long u32(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8 | (bytes[offset + 2] & 0xff) << 16
                | (bytes[offset + 3] & 0xff) << 24) & 0xffffffffL;
    }

    static long u64(byte[] bytes, int offset) {
        return u32(bytes, offset) | u32(bytes, offset + 4) << 32;
    }

    static void put16(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) value;
        bytes[offset + 1] = (byte) (value >>> 8);
    }

    static void put32(byte[] bytes, int offset, long value) {
        bytes[offset] = (byte) value;
        bytes[offset + 1] = (byte) (value >>> 8);
        bytes[offset + 2] = (byte) (value >>> 16);
        bytes[offset + 3] = (byte) (value >>> 24);
    }

    static void put64(byte[] bytes, int offset, long value) {
        put32(bytes, offset, value);
        put32(bytes, offset + 4, value >>> 32);
    }

    static void putId(byte[] bytes, int offset, String fourCc) {
        for (int i = 0; i < 4; i++) {
            bytes[offset + i] = (byte) fourCc.charAt(i);
        }
    }

    /** A chunk id as printable text for messages, e.g. 'LIST' or '0x00 0x01 ...'. */
    static String id(byte[] bytes, int offset) {
        StringBuilder text = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            int b = bytes[offset + i] & 0xff;
            if (b < 0x20 || b > 0x7e) {
                StringBuilder hex = new StringBuilder("0x");
                for (int j = 0; j < 4; j++) {
                    hex.append(String.format("%02x", bytes[offset + j] & 0xff));
                }
                return hex.toString();
            }
            text.append((char) b);
        }
        return "'" + text + "'";
    }
}
