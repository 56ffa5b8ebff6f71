package io.lookalike.embed;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;

/** Test images: the same picture as new bytes, a picture without faces, a JPEG whose pixels are missing. */
final class Reencode {

    /** Decodes and re-encodes as JPEG with one pixel nudged at random, so the SHA-256 is new every time. */
    static byte[] jpeg(byte[] photo) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(photo));
            BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = rgb.createGraphics();
            g.drawImage(image, 0, 0, null);
            g.dispose();
            rgb.setRGB(0, 0, ThreadLocalRandom.current().nextInt(0xffffff));
            return encode(rgb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plain wall: a real JPEG with no face in it. */
    static byte[] blankJpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(ThreadLocalRandom.current().nextInt(0xffffff)));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return encode(image);
    }

    /**
     * Every header of a real JPEG and an end marker, but no scan: it passes ingest's header checks and no decoder
     * can produce pixels from it.
     */
    static byte[] headerOnlyJpeg(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xFF && (jpeg[i + 1] & 0xff) == 0xDA) { // start of scan
                byte[] cut = Arrays.copyOf(jpeg, i + 2);
                cut[i + 1] = (byte) 0xD9; // end of image instead
                return cut;
            }
        }
        throw new IllegalArgumentException("no scan in this JPEG");
    }

    private static byte[] encode(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Reencode() {
    }
}
