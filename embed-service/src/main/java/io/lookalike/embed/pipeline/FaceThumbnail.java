package io.lookalike.embed.pipeline;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * A small JPEG of one face for people to look at (dashboard tables and map markers): the aligned face the embedder
 * saw (eyes level, the five-point template's framing), so a thumbnail costs one JPEG encoding (about 0.1 ms) and no
 * crop or resize of its own; it also shows exactly what the similarity was computed on.
 */
public final class FaceThumbnail {
    private static final MatOfInt JPEG_QUALITY = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 85);

    private FaceThumbnail() {
    }

    /** The aligned BGR face ({@link FaceAligner#align}) as JPEG bytes. */
    public static byte[] of(Mat alignedFace) {
        MatOfByte jpeg = new MatOfByte();
        try {
            Imgcodecs.imencode(".jpg", alignedFace, jpeg, JPEG_QUALITY);
            return jpeg.toArray();
        } finally {
            jpeg.release();
        }
    }
}
