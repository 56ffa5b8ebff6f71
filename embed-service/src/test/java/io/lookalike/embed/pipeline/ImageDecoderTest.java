package io.lookalike.embed.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void greyscaleBecomesThreeEqualChannels() throws Exception {
        Mat grey = new Mat(30, 40, CvType.CV_8UC1, Scalar.all(77));
        for (String format : new String[] {".png", ".jpg"}) {
            Mat image = decoder.decode(encode(format, grey));
            assertEquals(CvType.CV_8UC3, image.type(), format);
            assertEquals(40, image.cols(), format);
            assertArrayEquals(new double[] {77, 77, 77}, image.get(15, 20), 1, format);
        }
    }

    @Test
    void transparentPngIsCompositedOverWhite() throws Exception {
        Mat bgra = new Mat(20, 30, CvType.CV_8UC4, new Scalar(0, 0, 255, 255));            // opaque red
        bgra.submat(new Rect(10, 0, 10, 20)).setTo(new Scalar(0, 255, 0, 0));              // invisible green
        bgra.submat(new Rect(20, 0, 10, 20)).setTo(new Scalar(0, 0, 0, 128));              // half-transparent black
        Mat image = decoder.decode(encode(".png", bgra));
        assertEquals(CvType.CV_8UC3, image.type());
        assertArrayEquals(new double[] {0, 0, 255}, image.get(5, 5), 1);
        assertArrayEquals(new double[] {255, 255, 255}, image.get(5, 15), 1);
        assertArrayEquals(new double[] {127, 127, 127}, image.get(5, 25), 1);
    }

    @Test
    void exifOrientationIsApplied() throws Exception {
        Mat image = new Mat(40, 60, CvType.CV_8UC3, new Scalar(255, 0, 0));                // 60 wide, blue
        image.submat(new Rect(0, 0, 10, 10)).setTo(new Scalar(0, 0, 255));                 // red top-left corner
        byte[] rotated = withExifOrientation(encode(".jpg", image), 6);                      // "rotate 90° clockwise to view"
        Mat decoded = decoder.decode(rotated);
        assertEquals(40, decoded.cols());
        assertEquals(60, decoded.rows());
        double[] topRight = decoded.get(5, 34);
        assertTrue(topRight[2] > 200 && topRight[0] < 60, "the red corner moves to the top right: " + java.util.Arrays.toString(topRight));
    }

    @Test
    void garbageIsUnreadable() {
        byte[] garbage = new byte[1000];
        new Random(7).nextBytes(garbage);
        var e = assertThrows(UnreadableImageException.class, () -> decoder.decode(garbage));
        assertTrue(e.getMessage().contains("1000 bytes"), e.getMessage());
        assertThrows(UnreadableImageException.class, () -> decoder.decode(new byte[0]));
        assertThrows(UnreadableImageException.class, () -> decoder.decode("<html>no</html>".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void realPhotoDecodes() throws Exception {
        Mat photo = decoder.decode(TestPhotos.read(TestPhotos.samples().get(0)));
        assertEquals(1920, photo.cols());
        assertEquals(CvType.CV_8UC3, photo.type());
    }

    private static byte[] encode(String format, Mat image) {
        MatOfByte bytes = new MatOfByte();
        assertTrue(Imgcodecs.imencode(format, image, bytes));
        return bytes.toArray();
    }

    /** Inserts an APP1 Exif segment holding only the Orientation tag right after the JPEG's SOI marker. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] exif = {
            'E', 'x', 'i', 'f', 0, 0,
            'M', 'M', 0, 42, 0, 0, 0, 8,                     // big-endian TIFF header, first IFD at 8
            0, 1,                                            // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, 1 value
            0, 0, 0, 0                                       // no next IFD
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write((exif.length + 2) >> 8);
        out.write((exif.length + 2) & 0xFF);
        out.write(exif, 0, exif.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
