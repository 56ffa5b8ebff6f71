package io.lookalike.embed.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Image bytes (JPEG, PNG, WebP, BMP, TIFF…) to an 8-bit BGR {@link Mat}. The EXIF orientation is
 * applied (OpenCV 4 does so for {@code IMREAD_COLOR}), greyscale becomes three equal channels and
 * transparent pixels of PNGs with alpha are composited over white. Thread-safe.
 */
public final class ImageDecoder {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int PNG_COLOUR_TYPE_OFFSET = 25;

    public ImageDecoder() {
        OpenCvLibrary.load();
    }

    /** Decodes {@code bytes}; the caller releases the returned Mat. */
    public Mat decode(byte[] bytes) throws UnreadableImageException {
        if (bytes == null || bytes.length == 0) {
            throw new UnreadableImageException("empty content");
        }
        MatOfByte buffer = new MatOfByte(bytes);
        try {
            Mat image = Imgcodecs.imdecode(buffer, hasAlpha(bytes) ? Imgcodecs.IMREAD_UNCHANGED : Imgcodecs.IMREAD_COLOR);
            if (image.empty()) {
                image.release();
                throw new UnreadableImageException("not a decodable image (" + bytes.length + " bytes starting "
                        + String.format("%02x%02x%02x%02x", bytes[0], at(bytes, 1), at(bytes, 2), at(bytes, 3)) + ")");
            }
            return image.channels() == 4 ? overWhite(image) : image;
        } finally {
            buffer.release();
        }
    }

    /** PNG colour types 4 (grey + alpha) and 6 (RGBA); {@code IMREAD_COLOR} would drop alpha unblended. */
    private static boolean hasAlpha(byte[] bytes) {
        if (bytes.length <= PNG_COLOUR_TYPE_OFFSET) {
            return false;
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (bytes[i] != PNG_SIGNATURE[i]) {
                return false;
            }
        }
        int colourType = bytes[PNG_COLOUR_TYPE_OFFSET];
        return colourType == 4 || colourType == 6;
    }

    /** Blends a BGRA image (8 or 16 bit) over white: out = bgr·α + 255·(1 − α). */
    private static Mat overWhite(Mat bgra) {
        double max = bgra.depth() == CvType.CV_16U ? 65535 : 255;
        Mat image = new Mat();
        bgra.convertTo(image, CvType.CV_32FC4, 1 / max);
        bgra.release();
        List<Mat> channels = new ArrayList<>(4);
        Core.split(image, channels);
        Mat alpha = channels.remove(3);
        Mat bgr = new Mat();
        Mat alpha3 = new Mat();
        Core.merge(List.of(alpha, alpha, alpha), alpha3);
        Core.merge(channels, bgr);
        Core.multiply(bgr, alpha3, bgr);                 // bgr·α
        Core.subtract(alpha3, Scalar.all(1), alpha3);      // α − 1
        Core.subtract(bgr, alpha3, bgr);                   // bgr·α + (1 − α)
        Mat result = new Mat();
        bgr.convertTo(result, CvType.CV_8UC3, 255);
        for (Mat m : List.of(image, alpha, alpha3, bgr, channels.get(0), channels.get(1), channels.get(2))) {
            m.release();
        }
        return result;
    }

    private static byte at(byte[] bytes, int i) {
        return i < bytes.length ? bytes[i] : 0;
    }
}
