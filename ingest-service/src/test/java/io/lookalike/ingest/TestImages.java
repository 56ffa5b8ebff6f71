package io.lookalike.ingest;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Real encoded images made on the fly, each different so no two share a SHA-256. */
public final class TestImages {
    private static final Random RANDOM = new Random();

    public static byte[] jpeg(int width, int height) {
        return jpeg(RANDOM, width, height);
    }

    public static byte[] png(int width, int height) {
        return png(RANDOM, width, height);
    }

    /** The same picture for the same {@code random} state: for corpora that must come out alike on every run. */
    public static byte[] jpeg(Random random, int width, int height) {
        return encode(picture(random, width, height), "jpg");
    }

    public static byte[] png(Random random, int width, int height) {
        return encode(picture(random, width, height), "png");
    }

    /**
     * Small valid WebP files (1×1: lossless VP8L, lossy VP8, and extended VP8X with alpha). ImageIO has no WebP
     * writer, so these are the well-known feature-test images browsers are probed with.
     */
    public static byte[] webpLossless() {
        return Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    }

    public static byte[] webpLossy() {
        return Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");
    }

    public static byte[] webpExtended() {
        return Base64.getDecoder().decode(
            "UklGRkoAAABXRUJQVlA4WAoAAAAQAAAAAAAAAAAAQUxQSAwAAAARBxAR/Q9ERP8DAABWUDggGAAAABQBAJ0BKgEAAQAAAP4AAA3AAP7mtQAAAA==");
    }

    /** A PNG of one pixel whose IHDR is rewritten to claim width × height (a decompression bomb's header). */
    public static byte[] pngClaiming(int width, int height) {
        return pngClaiming(png(1, 1), width, height);
    }

    /** {@code png} with its IHDR rewritten to claim width × height, CRC included. */
    public static byte[] pngClaiming(byte[] png, int width, int height) {
        png = png.clone();
        // IHDR data starts at byte 16: width, height (big-endian); its CRC follows the 13 data bytes.
        writeInt(png, 16, width);
        writeInt(png, 20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        writeInt(png, 29, (int) crc.getValue());
        return png;
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static BufferedImage picture(Random random, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(random.nextInt(0xffffff)));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 20; i++) {
            g.setColor(new Color(random.nextInt(0xffffff)));
            g.fillOval(random.nextInt(width), random.nextInt(height), 1 + random.nextInt(width), 1 + random.nextInt(height));
        }
        g.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private TestImages() {
    }
}
