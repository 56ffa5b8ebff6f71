package io.lookalike.common.image;

import java.util.zip.CRC32;

/**
 * The container structure an upload must have beyond a header that decodes: a JPEG ends with its EOI marker; a PNG's
 * chunks follow one another up to IEND with every CRC right; a WebP's chunks tile its RIFF payload and hold an image
 * chunk with its signature. Cheap (one CRC pass at most, no pixel decoded), and it catches files cut short, damaged
 * PNGs anywhere, and noise behind a valid signature. Pixel data of JPEG and WebP has no checksum: damage there is
 * found only by decoding, which embed-service does.
 */
final class ImageStructure {
    private static final byte[] PNG_IEND = {'I', 'E', 'N', 'D'};

    /** Why the file's structure is broken, or null when it holds. */
    static String problem(String format, byte[] b) {
        return switch (format) {
            case "jpeg" -> endsWithEoi(b) ? null : "the file is truncated";
            case "png" -> png(b);
            case "webp" -> webp(b);
            default -> throw new IllegalArgumentException(format);
        };
    }

    /**
     * Cameras may pad after EOI, so accept an EOI followed only by padding. FF D9 cannot occur inside
     * entropy-coded data (an FF there is always stuffed), so a JPEG cut short has none near its end.
     */
    private static boolean endsWithEoi(byte[] b) {
        int stop = Math.max(1, b.length - 4096);
        for (int i = b.length - 1; i >= stop; i--) {
            int v = b[i] & 0xff;
            if (v == 0xD9 && (b[i - 1] & 0xff) == 0xFF) {
                return true;
            }
            if (v != 0x00 && v != 0xFF) {
                return false;
            }
        }
        return false;
    }

    /** Chunks: length (4, big-endian), type (4), data, CRC of type + data (4); the last is IEND. */
    private static String png(byte[] b) {
        CRC32 crc = new CRC32();
        int at = 8;
        while (at + 12 <= b.length) {
            long length = readIntBe(b, at);
            if (at + 12 + length > b.length) {
                return "the file is truncated";
            }
            int size = (int) length;
            crc.reset();
            crc.update(b, at + 4, 4 + size);
            if (crc.getValue() != readIntBe(b, at + 8 + size)) {
                return "its " + chunkName(b, at + 4) + " chunk fails its CRC check (the file is damaged)";
            }
            if (matches(b, at + 4, PNG_IEND)) {
                return null;
            }
            at += 12 + size;
        }
        return "the file is truncated";
    }

    /** RIFF size (4, little-endian), "WEBP", then chunks: FourCC, size (4, little-endian), data padded to even. */
    private static String webp(byte[] b) {
        long end = readIntLe(b, 4) + 8;
        if (end > b.length) {
            return "the file is truncated";
        }
        boolean image = false;
        int at = 12;
        while (at + 8 <= end) {
            String type = chunkName(b, at);
            long size = readIntLe(b, at + 4);
            long next = at + 8 + size + (size & 1);
            if (at + 8 + size > end) {
                return "its " + type + " chunk runs past the end of the file (the file is damaged)";
            }
            if (at == 12 && !(type.equals("VP8 ") || type.equals("VP8L") || type.equals("VP8X"))) {
                return "it starts with a " + type + " chunk instead of VP8, VP8L or VP8X";
            }
            int data = at + 8;
            switch (type) {
                case "VP8L" -> {
                    if (size < 5 || b[data] != 0x2F) {
                        return "its VP8L chunk lacks the lossless signature";
                    }
                    image = true;
                }
                case "VP8 " -> {
                    if (size < 10 || (b[data + 3] & 0xff) != 0x9D || (b[data + 4] & 0xff) != 0x01 || (b[data + 5] & 0xff) != 0x2A) {
                        return "its VP8 chunk lacks the key-frame start code";
                    }
                    image = true;
                }
                case "ANMF" -> image = true; // an animation frame wraps its own VP8/VP8L chunk
                default -> {
                }
            }
            at = (int) Math.min(next, Integer.MAX_VALUE);
        }
        if (at != end && at != end + 1) {
            return "its chunks do not fill the file as its RIFF header says (the file is damaged)";
        }
        return image ? null : "it holds no image chunk";
    }

    private static boolean matches(byte[] b, int at, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (b[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** A chunk's four-letter name as text; anything but printable ASCII shown as '?'. */
    private static String chunkName(byte[] b, int at) {
        StringBuilder name = new StringBuilder(4);
        for (int i = at; i < at + 4; i++) {
            char c = (char) (b[i] & 0xff);
            name.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return name.toString();
    }

    private static long readIntBe(byte[] b, int at) {
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | (b[at + 3] & 0xffL);
    }

    private static long readIntLe(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    private ImageStructure() {
    }
}
