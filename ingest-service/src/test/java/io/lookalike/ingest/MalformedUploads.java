package io.lookalike.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A seeded corpus of malformed uploads to ingest-service: random bytes; truncated and bit-flipped JPEG, PNG and
 * WebP; headers declaring huge (or no) dimensions; zip bombs, path-traversal, giant and control-character names in
 * batch archives; oversized and broken manifests; bad labels; wrong content types; broken, empty and incomplete
 * multipart bodies. Every request body is written here byte by byte, so broken multipart is as easy as a good one.
 * The same seed gives the same requests, byte for byte.
 */
final class MalformedUploads {
    static final String SINGLE = "/api/photos";
    static final String BATCH = "/api/photos/batch";
    static final String BOUNDARY = "lookalike-corpus-b0undary";
    static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;
    static final int MAX_BYTES = 20_000_000; // lookalike.upload.max-bytes

    /**
     * One request. {@code mayStore}: a bit flip inside compressed pixel data leaves a file whose every header still
     * holds (only decoding the pixels, which embed-service does, tells it is damaged), so storing it is right too.
     */
    record Case(String kind, String path, String contentType, byte[] body, boolean mayStore) {
    }

    private final Random random;
    private final List<Case> cases = new ArrayList<>();

    private MalformedUploads(long seed) {
        this.random = new Random(seed);
    }

    static List<Case> generate(long seed) {
        MalformedUploads corpus = new MalformedUploads(seed);
        corpus.randomBytes(150);
        corpus.magicThenGarbage(90);
        corpus.truncated(150);
        corpus.bitFlipped(200);
        corpus.hugeOrNoDimensions(90);
        corpus.oversized();
        corpus.badLabels(60);
        corpus.badFileNames(50);
        corpus.wrongContentTypes();
        corpus.brokenMultipart(40);
        corpus.emptyAndMissingParts();
        corpus.traversalNamesInZips(60);
        corpus.giantAndControlNamesInZips(40);
        corpus.zipBombs();
        corpus.brokenArchives(40);
        corpus.badManifests(40);
        corpus.badBatchItems(40);
        return corpus.cases;
    }

    // --- single uploads ---

    private void randomBytes(int n) {
        for (int i = 0; i < n; i++) {
            byte[] bytes = bytes(i % 10 == 0 ? random.nextInt(16) : 1 + random.nextInt(64 * 1024));
            single("random bytes", bytes, "x" + i + ".jpg");
        }
    }

    /** A JPEG, PNG, WebP or zip signature followed by noise: the format's reader has to cope. */
    private void magicThenGarbage(int n) {
        byte[][] magics = {{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A},
            "RIFF\0\0\0\0WEBPVP8L".getBytes(StandardCharsets.ISO_8859_1), "RIFF\0\0\0\0WEBPVP8X".getBytes(StandardCharsets.ISO_8859_1),
            "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1), {'P', 'K', 3, 4}};
        for (int i = 0; i < n; i++) {
            byte[] magic = magics[i % magics.length];
            byte[] bytes = concat(magic, bytes(random.nextInt(4096)));
            if (magic[0] == 'R') {
                writeIntLe(bytes, 4, random.nextBoolean() ? bytes.length - 8 : random.nextInt()); // RIFF size
            }
            single("signature + garbage", bytes, "g" + i + ".img");
        }
    }

    private void truncated(int n) {
        for (int i = 0; i < n; i++) {
            byte[] image = image(i % 3);
            single("truncated " + format(i % 3), Arrays.copyOf(image, random.nextInt(image.length)), "cut" + i + ".jpg");
        }
    }

    private void bitFlipped(int n) {
        for (int i = 0; i < n; i++) {
            byte[] image = image(i % 3).clone();
            int flips = 1 + random.nextInt(8);
            for (int f = 0; f < flips; f++) {
                int at = random.nextInt(image.length);
                image[at] ^= (byte) (1 << random.nextInt(8));
            }
            // PNG chunks carry CRCs, so any flip is caught; JPEG and WebP pixel data has no checksum.
            cases.add(new Case("bit-flipped " + format(i % 3), SINGLE, MULTIPART,
                multipart().file("image", "flip" + i + ".img", "application/octet-stream", image).end(), i % 3 != 1));
        }
    }

    /** Decompression bombs (over 50 Mpixel declared in a tiny file) and zero sizes, in every format's header. */
    private void hugeOrNoDimensions(int n) {
        for (int i = 0; i < n; i++) {
            boolean zero = i % 6 == 5;
            int w;
            int h;
            byte[] bytes;
            switch (i % 5) {
                case 0 -> { // PNG IHDR: 31-bit sizes
                    w = zero ? 0 : 7_072 + random.nextInt(Integer.MAX_VALUE - 7_072);
                    h = zero ? 1 + random.nextInt(100) : 7_072 + random.nextInt(100_000);
                    bytes = TestImages.pngClaiming(TestImages.png(random, 1, 1), w, h);
                }
                case 1 -> { // JPEG SOF0: 16-bit sizes
                    w = zero ? 0 : 7_072 + random.nextInt(65_535 - 7_072);
                    h = zero ? 1 + random.nextInt(100) : 7_072 + random.nextInt(65_535 - 7_072);
                    bytes = jpegClaiming(TestImages.jpeg(random, 8, 8), w, h);
                }
                case 2 -> { // WebP VP8L: 14-bit sizes
                    w = 7_072 + random.nextInt(16_384 - 7_072);
                    h = 7_072 + random.nextInt(16_384 - 7_072);
                    bytes = TestImages.webpLossless();
                    writeIntLe(bytes, 21, (w - 1) | (h - 1) << 14 | 1 << 28);
                }
                case 3 -> { // WebP VP8 (lossy): 14-bit sizes, or zero
                    w = zero ? 0 : 7_072 + random.nextInt(16_383 - 7_072);
                    h = zero ? 0 : 7_072 + random.nextInt(16_383 - 7_072);
                    bytes = TestImages.webpLossy();
                    writeShortLe(bytes, 26, w);
                    writeShortLe(bytes, 28, h);
                }
                default -> { // WebP VP8X canvas: 24-bit sizes
                    w = 7_072 + random.nextInt((1 << 24) - 7_072);
                    h = 7_072 + random.nextInt((1 << 24) - 7_072);
                    bytes = TestImages.webpExtended();
                    writeInt24Le(bytes, 24, w - 1);
                    writeInt24Le(bytes, 27, h - 1);
                }
            }
            single((zero ? "no pixels " : "decompression bomb ") + w + "x" + h, bytes, "bomb" + i + ".img");
        }
    }

    private void oversized() {
        for (int i = 0; i < 3; i++) {
            byte[] big = new byte[MAX_BYTES + 1 + random.nextInt(5_000_000)];
            byte[] jpeg = TestImages.jpeg(random, 64, 64);
            System.arraycopy(jpeg, 0, big, 0, jpeg.length);
            single("over 20 MB", big, "big" + i + ".jpg");
        }
    }

    /** Labels too long or with control characters (with an image that is itself refused, so nothing may pass). */
    private void badLabels(int n) {
        String[] fields = {"member", "group", "source"};
        for (int i = 0; i < n; i++) {
            String field = fields[i % 3];
            String value = switch (i % 4) {
                case 0 -> "x".repeat(201 + random.nextInt(5_000));
                case 1 -> "ann" + (char) random.nextInt(0x20) + "bea";
                case 2 -> "\u00e9\u00e8\u4e2d\u6587\ud83d\ude00 " + "\u202e\u0301".repeat(1 + random.nextInt(150)); // unicode: fine as a label
                default -> "\u0000".repeat(1 + random.nextInt(10));
            };
            Multipart body = multipart().file("image", "l" + i + ".jpg", "image/jpeg", bytes(200 + random.nextInt(2_000)))
                .field(field, value);
            cases.add(new Case("bad " + field + " label", SINGLE, MULTIPART, body.end(), false));
        }
    }

    private void badFileNames(int n) {
        for (int i = 0; i < n; i++) {
            String name = switch (i % 5) {
                case 0 -> "../../etc/passwd.jpg";
                case 1 -> "/etc/" + "n".repeat(random.nextInt(100)) + ".png";
                case 2 -> "\u6587\u4ef6\ud83d\udcf7\u00e9.jpg".repeat(1 + random.nextInt(200));
                case 3 -> "a" + (char) (1 + random.nextInt(0x1f)) + "b.jpg";
                default -> "g".repeat(2_000 + random.nextInt(8_000)) + ".jpg";
            };
            byte[] content = i % 2 == 0 ? bytes(random.nextInt(3_000)) : truncate(image(i % 3));
            single("odd file name", content, name);
        }
    }

    private void wrongContentTypes() {
        byte[] jpeg = TestImages.jpeg(random, 32, 32);
        String[] types = {"application/json", "text/plain", "image/jpeg", "application/octet-stream",
            "application/x-www-form-urlencoded", "multipart/mixed; boundary=" + BOUNDARY, "multipart/form-data",
            "application/xml", "video/mp4", "garbage", ";;;", "multipart/form-data; boundary=", "application/zip"};
        for (String path : List.of(SINGLE, BATCH)) {
            for (String type : types) {
                byte[] body = type.startsWith("multipart/mixed") ? multipart().file("image", "a.jpg", "image/jpeg", jpeg).end()
                    : type.startsWith("application/x-www") ? "image=abc&member=ann".getBytes(StandardCharsets.US_ASCII)
                    : type.equals("application/json") ? "{\"image\":\"abc\"}".getBytes(StandardCharsets.US_ASCII) : jpeg;
                cases.add(new Case("request Content-Type " + type, path, type, body, false));
                cases.add(new Case("request Content-Type " + type + ", empty body", path, type, new byte[0], false));
            }
            cases.add(new Case("no Content-Type", path, null, jpeg, false));
        }
    }

    /** Multipart whose framing is wrong: another boundary, no closing boundary, cut short, headers without a blank line. */
    private void brokenMultipart(int n) {
        for (int i = 0; i < n; i++) {
            String path = i % 2 == 0 ? SINGLE : BATCH;
            String part = path.equals(SINGLE) ? "image" : "files";
            byte[] bad = truncate(image(i % 3));
            byte[] whole = multipart().file(part, "m" + i + ".jpg", "image/jpeg", bad).end();
            byte[] body = switch (i % 5) {
                case 0 -> multipart().file(part, "m.jpg", "image/jpeg", bad).unterminated();
                case 1 -> Arrays.copyOf(whole, random.nextInt(whole.length));
                case 2 -> new String(whole, StandardCharsets.ISO_8859_1).replace(BOUNDARY, "other-boundary")
                    .getBytes(StandardCharsets.ISO_8859_1);
                case 3 -> ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\"a.jpg\"\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1); // headers, then nothing
                default -> concat(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + part
                    + "\"; filename=\"a\r\nb.jpg\"\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), bad); // CR LF inside a name
            };
            cases.add(new Case("broken multipart", path, MULTIPART, body, false));
        }
    }

    private void emptyAndMissingParts() {
        for (String path : List.of(SINGLE, BATCH)) {
            cases.add(new Case("empty body", path, MULTIPART, new byte[0], false));
            cases.add(new Case("only the closing boundary", path, MULTIPART, ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII), false));
            cases.add(new Case("only labels", path, MULTIPART, multipart().field("member", "ann").field("group", "red").end(), false));
            cases.add(new Case("image part under another name", path, MULTIPART,
                multipart().file("photo", "a.jpg", "image/jpeg", TestImages.jpeg(random, 16, 16)).end(), false));
            cases.add(new Case("image part as a text field", path, MULTIPART,
                multipart().field(path.equals(SINGLE) ? "image" : "files", "not a file").end(), false));
            cases.add(new Case("empty image part", path, MULTIPART,
                multipart().file(path.equals(SINGLE) ? "image" : "files", "e.jpg", "image/jpeg", new byte[0]).end(), false));
            cases.add(new Case("image part without a file name", path, MULTIPART,
                multipart().file(path.equals(SINGLE) ? "image" : "files", null, "image/jpeg", bytes(100)).end(), false));
        }
        cases.add(new Case("only a manifest", BATCH, MULTIPART,
            multipart().file("manifest", "manifest.csv", "text/csv", "file,member\na.jpg,ann\n".getBytes(StandardCharsets.US_ASCII)).end(), false));
    }

    // --- batch uploads ---

    /** Zip entries pointing outside the archive: refused by name, even holding a valid image. */
    private void traversalNamesInZips(int n) {
        for (int i = 0; i < n; i++) {
            String name = switch (i % 6) {
                case 0 -> "../../etc/passwd.jpg";
                case 1 -> "/etc/passwd" + i + ".jpg";
                case 2 -> "photos/../../../x" + i + ".png";
                case 3 -> "..\\..\\windows\\x" + i + ".jpg";
                case 4 -> "C:\\x" + i + ".jpg";
                default -> "a/b/../../../" + i + ".jpg";
            };
            byte[] zip = zip(new String[] {name}, new byte[][] {image(i % 3 == 2 ? 0 : i % 3)});
            batch("path traversal in a zip", zip, "t" + i + ".zip");
        }
    }

    private void giantAndControlNamesInZips(int n) {
        for (int i = 0; i < n; i++) {
            String name = switch (i % 4) {
                case 0 -> "n".repeat(1_025 + random.nextInt(30_000)) + ".jpg";
                case 1 -> "a" + (char) random.nextInt(0x20) + "b.jpg";
                case 2 -> "\u00e9\u00e8\u4e2d\ud83d\ude00\u202e.jpg".repeat(200 + random.nextInt(2_000));
                default -> "line\r\nbreak" + i + ".png";
            };
            byte[] zip = zip(new String[] {name}, new byte[][] {image(i % 2)});
            batch("giant or control-character name in a zip", zip, "n" + i + ".zip");
        }
    }

    /**
     * Zip bombs: one entry of 100 MB of zeros; 30 entries of 20 MB (600 MB inflated); 5,000 central-directory
     * entries sharing one 20 MB stream (overlapping entries); sizes in the headers that lie; a zip in a zip.
     */
    private void zipBombs() {
        byte[] zeros20 = deflateZeros(MAX_BYTES);
        long crc20 = crcOfZeros(MAX_BYTES);
        byte[] zeros100 = deflateZeros(100_000_000);
        batch("zip bomb: one 100 MB entry", RawZip.of("zeros.jpg", zeros100, crcOfZeros(100_000_000), 100_000_000),
            "bomb1.zip");
        RawZip many = new RawZip();
        for (int i = 0; i < 30; i++) {
            many.add("z" + i + ".jpg", zeros20, crc20, MAX_BYTES);
        }
        batch("zip bomb: 30 entries of 20 MB", many.bytes(), "bomb30.zip");
        batch("zip bomb: 5,000 overlapping entries", RawZip.overlapping(zeros20, crc20, MAX_BYTES, 5_000), "overlap.zip");
        batch("zip bomb: 2,000 small entries", manyEntries(2_000), "many.zip");
        batch("zip bomb: sizes that lie", RawZip.of("liar.jpg", zeros20, crc20, 100), "liar.zip");
        byte[] inner = RawZip.of("zeros.jpg", zeros100, crcOfZeros(100_000_000), 100_000_000);
        batch("zip bomb: zip in a zip", zip(new String[] {"inner.zip"}, new byte[][] {inner}), "nested.zip");
    }

    private void brokenArchives(int n) {
        for (int i = 0; i < n; i++) {
            byte[] zip = zip(new String[] {"a.jpg", "b.png"}, new byte[][] {image(0), image(1)});
            byte[] bytes = switch (i % 4) {
                case 0 -> Arrays.copyOf(zip, 4 + random.nextInt(zip.length - 4)); // cut short
                case 1 -> concat(new byte[] {'P', 'K', 3, 4}, bytes(random.nextInt(5_000)));
                case 2 -> { // flipped bytes in the compressed data or the directory
                    byte[] b = zip.clone();
                    for (int f = 0; f < 4; f++) {
                        b[4 + random.nextInt(b.length - 4)] ^= (byte) (1 << random.nextInt(8));
                    }
                    yield b;
                }
                default -> zip(new String[0], new byte[0][]); // an empty archive
            };
            boolean flipped = i % 4 == 2; // a flip may hit nothing that matters: the images then store
            cases.add(new Case("broken archive", BATCH, MULTIPART,
                multipart().file("files", "broken" + i + ".zip", "application/zip", bytes).end(), flipped));
        }
    }

    /** Manifests over 20 MB or 1,000 rows, binary, without a file column, with broken quoting. */
    private void badManifests(int n) {
        byte[] manyRows = ("file,member,group\n" + "x.jpg,ann,red\n".repeat(1_001)).getBytes(StandardCharsets.US_ASCII);
        byte[] bigRow = ("file,member,group\n" + "y".repeat(MAX_BYTES) + ".jpg,ann,red\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < n; i++) {
            byte[] manifest = switch (i % 5) {
                case 0 -> manyRows;
                case 1 -> bytes(1 + random.nextInt(4_000));
                case 2 -> "member,group\nann,red\n".getBytes(StandardCharsets.US_ASCII);
                case 3 -> "file,member\n\"a.jpg,ann\nb.jpg\",\"bea\n".getBytes(StandardCharsets.US_ASCII);
                default -> i < 10 ? bigRow : ("file,member\n,ann\n").getBytes(StandardCharsets.US_ASCII);
            };
            boolean inZip = i % 2 == 1;
            Multipart body = multipart();
            if (inZip) {
                body.file("files", "m" + i + ".zip", "application/zip",
                    zip(new String[] {"manifest.csv", "a.jpg"}, new byte[][] {manifest, image(0)}));
            } else {
                body.file("files", "a" + i + ".jpg", "image/jpeg", image(0)).file("manifest", "manifest.csv", "text/csv", manifest);
            }
            cases.add(new Case("bad manifest" + (inZip ? " in a zip" : ""), BATCH, MULTIPART, body.end(), false));
        }
    }

    /** Batches whose every item is refused: random, truncated, labelled with control characters. */
    private void badBatchItems(int n) {
        for (int i = 0; i < n; i++) {
            Multipart body = multipart();
            int files = 1 + random.nextInt(4);
            for (int f = 0; f < files; f++) {
                body.file("files", "b" + i + "-" + f + ".jpg", "image/jpeg", f % 2 == 0 ? bytes(random.nextInt(2_000)) : truncate(image(f % 3)));
            }
            if (i % 3 == 0) {
                body.field("member", "bad\u0007member");
            }
            cases.add(new Case("batch of bad items", BATCH, MULTIPART, body.end(), false));
        }
    }

    // --- helpers ---

    private void single(String kind, byte[] bytes, String name) {
        cases.add(new Case(kind, SINGLE, MULTIPART, multipart().file("image", name, "application/octet-stream", bytes).end(), false));
    }

    private void batch(String kind, byte[] zip, String name) {
        cases.add(new Case(kind, BATCH, MULTIPART, multipart().file("files", name, "application/zip", zip).end(), false));
    }

    private static String format(int kind) {
        return switch (kind) {
            case 0 -> "JPEG";
            case 1 -> "PNG";
            default -> "WebP";
        };
    }

    /** A fresh valid image: JPEG or PNG of random size, or one of the WebP samples. */
    private byte[] image(int kind) {
        int w = 8 + random.nextInt(120);
        int h = 8 + random.nextInt(120);
        return switch (kind) {
            case 0 -> TestImages.jpeg(random, w, h);
            case 1 -> TestImages.png(random, w, h);
            default -> switch (random.nextInt(3)) {
                case 0 -> TestImages.webpLossless();
                case 1 -> TestImages.webpLossy();
                default -> TestImages.webpExtended();
            };
        };
    }

    private byte[] truncate(byte[] image) {
        return Arrays.copyOf(image, image.length / 4 + random.nextInt(image.length / 2));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private Multipart multipart() {
        return new Multipart();
    }

    /** Rewrites the width and height of the first SOF0 segment (FF C0 len(2) precision(1) height(2) width(2)). */
    static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
        for (int i = 2; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xFF && (jpeg[i + 1] & 0xff) == 0xC0) {
                jpeg[i + 5] = (byte) (height >>> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >>> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new IllegalStateException("no SOF0 segment");
    }

    static byte[] zip(String[] names, byte[][] contents) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < names.length; i++) {
                out.putNextEntry(new ZipEntry(names[i]));
                out.write(contents[i]);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] manyEntries(int n) {
        String[] names = new String[n];
        byte[][] contents = new byte[n][];
        for (int i = 0; i < n; i++) {
            names[i] = "e" + i + ".jpg";
            contents[i] = new byte[] {(byte) i};
        }
        return zip(names, contents);
    }

    /** Raw deflate of {@code size} zero bytes, fed in 1 MB slices so the zeros never exist at once. */
    private static byte[] deflateZeros(int size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] slice = new byte[1 << 20];
        byte[] buffer = new byte[64 * 1024];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int left = size; left > 0; left -= slice.length) {
            deflater.setInput(slice, 0, Math.min(left, slice.length));
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static long crcOfZeros(int size) {
        CRC32 crc = new CRC32();
        byte[] slice = new byte[1 << 20];
        for (int left = size; left > 0; left -= slice.length) {
            crc.update(slice, 0, Math.min(left, slice.length));
        }
        return crc.getValue();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static void writeIntLe(byte[] b, int at, int v) {
        writeShortLe(b, at, v);
        writeShortLe(b, at + 2, v >>> 16);
    }

    static void writeShortLe(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    static void writeInt24Le(byte[] b, int at, int v) {
        writeShortLe(b, at, v);
        b[at + 2] = (byte) (v >>> 16);
    }

    /** A multipart/form-data body with {@link #BOUNDARY}; names and file names are written as given (UTF-8). */
    static final class Multipart {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart file(String name, String fileName, String type, byte[] bytes) {
            String disposition = "form-data; name=\"" + name + "\"" + (fileName == null ? "" : "; filename=\"" + fileName.replace("\"", "%22") + "\"");
            text("--" + BOUNDARY + "\r\nContent-Disposition: " + disposition + "\r\nContent-Type: " + type + "\r\n\r\n");
            out.writeBytes(bytes);
            text("\r\n");
            return this;
        }

        Multipart field(String name, String value) {
            text("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
            return this;
        }

        byte[] end() {
            text("--" + BOUNDARY + "--\r\n");
            return out.toByteArray();
        }

        byte[] unterminated() {
            return out.toByteArray();
        }

        private void text(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * A zip written by hand, for what ZipOutputStream refuses to write: sizes that lie and central-directory entries
     * that share one compressed stream. Entries are deflated data given ready; no zip64.
     */
    static final class RawZip {
        private final ByteArrayOutputStream local = new ByteArrayOutputStream();
        private final ByteArrayOutputStream central = new ByteArrayOutputStream();
        private int count;

        static byte[] of(String name, byte[] deflated, long crc, long size) {
            RawZip zip = new RawZip();
            zip.add(name, deflated, crc, size);
            return zip.bytes();
        }

        /** {@code n} directory entries, every one pointing at the same local entry. */
        static byte[] overlapping(byte[] deflated, long crc, long size, int n) {
            RawZip zip = new RawZip();
            zip.add("k.jpg", deflated, crc, size);
            byte[] first = zip.central.toByteArray();
            for (int i = 1; i < n; i++) {
                zip.central.writeBytes(first);
                zip.count++;
            }
            return zip.bytes();
        }

        void add(String name, byte[] deflated, long crc, long size) {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            int offset = local.size();
            header(local, 0x04034b50, false, n, deflated.length, crc, size, 0);
            local.writeBytes(n);
            local.writeBytes(deflated);
            header(central, 0x02014b50, true, n, deflated.length, crc, size, offset);
            central.writeBytes(n);
            count++;
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(local.toByteArray());
            out.writeBytes(central.toByteArray());
            writeLe(out, 0x06054b50, 4); // end of central directory
            writeLe(out, 0, 2);
            writeLe(out, 0, 2);
            writeLe(out, count, 2);
            writeLe(out, count, 2);
            writeLe(out, central.size(), 4);
            writeLe(out, local.size(), 4);
            writeLe(out, 0, 2);
            return out.toByteArray();
        }

        private static void header(ByteArrayOutputStream out, int signature, boolean central, byte[] name, long compressed,
                                   long crc, long size, int offset) {
            writeLe(out, signature, 4);
            if (central) {
                writeLe(out, 20, 2); // made by
            }
            writeLe(out, 20, 2); // version needed
            writeLe(out, 0x0800, 2); // UTF-8 names
            writeLe(out, 8, 2); // deflated
            writeLe(out, 0, 4); // time, date
            writeLe(out, crc, 4);
            writeLe(out, compressed, 4);
            writeLe(out, size, 4);
            writeLe(out, name.length, 2);
            writeLe(out, 0, 2); // extra
            if (central) {
                writeLe(out, 0, 2); // comment
                writeLe(out, 0, 2); // disk
                writeLe(out, 0, 2); // internal attributes
                writeLe(out, 0, 4); // external attributes
                writeLe(out, offset, 4);
            }
        }

        private static void writeLe(ByteArrayOutputStream out, long v, int bytes) {
            for (int i = 0; i < bytes; i++) {
                out.write((int) (v >>> (8 * i)) & 0xff);
            }
        }
    }
}
