package io.lookalike.embed;

import io.lookalike.testing.FreshJpeg;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;

/** Test images: the same picture as new bytes, a picture without faces, a PNG whose pixels cannot be decoded. */
final class Reencode {

    /** The same JPEG with a random comment segment: new bytes, same pixels (see {@link FreshJpeg#tagged}). */
    static byte[] tagged(byte[] jpeg) {
        return FreshJpeg.tagged(jpeg);
    }

    /** Re-encoded as JPEG and tagged (see {@link FreshJpeg#of}). */
    static byte[] jpeg(byte[] photo) {
        return FreshJpeg.of(photo);
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
     * A PNG whose structure is intact (header, size, chunk CRCs, end chunk: ingest's checks pass) but whose
     * compressed pixel data is damaged: no decoder produces pixels from it.
     */
    static byte[] corruptPng(byte[] photo) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(photo));
            image.setRGB(0, 0, ThreadLocalRandom.current().nextInt(0xffffff)); // new bytes on every run
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            byte[] png = out.toByteArray();
            for (int i = 8; i + 4 < png.length; i++) {
                if (png[i] == 'I' && png[i + 1] == 'D' && png[i + 2] == 'A' && png[i + 3] == 'T') {
                    for (int j = i + 64; j < i + 96; j++) {
                        png[j] ^= (byte) 0x5A;
                    }
                    // the chunk's own CRC made right again: ingest checks chunk CRCs, so only the deflate stream is broken
                    int length = java.nio.ByteBuffer.wrap(png, i - 4, 4).getInt();
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(png, i, 4 + length);
                    java.nio.ByteBuffer.wrap(png, i + 4 + length, 4).putInt((int) crc.getValue());
                    return png;
                }
            }
            throw new IllegalArgumentException("no IDAT chunk");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
