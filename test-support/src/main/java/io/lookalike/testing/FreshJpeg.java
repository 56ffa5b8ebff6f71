package io.lookalike.testing;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import javax.imageio.ImageIO;

/** A picture as new bytes every time (a new SHA-256, so an upload is a new photo, never the duplicate shortcut). */
public final class FreshJpeg {

    private FreshJpeg() {
    }

    /**
     * The same JPEG, pixel for pixel, with a random comment segment after its start marker: new bytes without the
     * quality loss of re-encoding.
     */
    public static byte[] tagged(byte[] jpeg) {
        byte[] text = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        int length = text.length + 2;
        byte[] out = new byte[jpeg.length + 2 + length];
        out[0] = jpeg[0];
        out[1] = jpeg[1];
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xFE; // COM
        out[4] = (byte) (length >> 8);
        out[5] = (byte) length;
        System.arraycopy(text, 0, out, 6, text.length);
        System.arraycopy(jpeg, 2, out, 6 + text.length, jpeg.length - 2);
        return out;
    }

    /**
     * Decodes and re-encodes as JPEG (whatever the source format), tagged so the SHA-256 is new every time: a nudged
     * pixel is not enough, JPEG quantisation can round it away and give the same bytes twice.
     */
    public static byte[] of(byte[] photo) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(photo));
            BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = rgb.createGraphics();
            g.drawImage(image, 0, 0, null);
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(rgb, "jpg", out);
            return tagged(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
