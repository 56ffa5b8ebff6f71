package io.lookalike.embed.pipeline;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Rect;
import org.opencv.core.Rect2d;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * A square JPEG of one face for people to look at (dashboard tables and map markers): the box with a margin, so
 * hair and chin show, scaled to {@link #SIDE} pixels. Edges past the photo are replicated, as for detection.
 */
public final class FaceThumbnail {
    public static final int SIDE = 128;
    /** The crop is this many times the longer side of the box. */
    static final double MARGIN = 1.5;
    private static final MatOfInt JPEG_QUALITY = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 85);

    private FaceThumbnail() {
    }

    public static byte[] of(Mat image, Rect2d box) {
        double side = Math.max(box.width, box.height) * MARGIN;
        int x = (int) Math.round(box.x + box.width / 2 - side / 2);
        int y = (int) Math.round(box.y + box.height / 2 - side / 2);
        int s = Math.max(1, (int) Math.round(side));
        int top = Math.max(0, -y);
        int left = Math.max(0, -x);
        int bottom = Math.max(0, y + s - image.rows());
        int right = Math.max(0, x + s - image.cols());
        Rect inside = new Rect(x + left, y + top, s - left - right, s - top - bottom);
        if (inside.width <= 0 || inside.height <= 0) {
            return null; // a box wholly outside the photo: nothing to show
        }
        Mat crop = new Mat();
        Mat scaled = new Mat();
        MatOfByte jpeg = new MatOfByte();
        try {
            Core.copyMakeBorder(image.submat(inside), crop, top, bottom, left, right, Core.BORDER_REPLICATE);
            // area interpolation: faces are mostly shrunk, and it does not alias
            Imgproc.resize(crop, scaled, new Size(SIDE, SIDE), 0, 0, s >= SIDE ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
            Imgcodecs.imencode(".jpg", scaled, jpeg, JPEG_QUALITY);
            return jpeg.toArray();
        } finally {
            crop.release();
            scaled.release();
            jpeg.release();
        }
    }
}
