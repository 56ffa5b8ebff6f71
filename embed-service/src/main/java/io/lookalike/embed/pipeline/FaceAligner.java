package io.lookalike.embed.pipeline;

import java.util.List;
import org.opencv.calib3d.Calib3d;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Warps a face onto the embedder's five-point template (ArcFace 112×112): the two eye centres
 * (mean of each eye's six landmarks), the nose tip and the mouth corners are mapped by the
 * least-squares similarity transform (rotation, uniform scale, translation). A face much larger
 * than the template is first shrunk by area interpolation, which keeps fine detail from aliasing.
 * Thread-safe.
 */
public final class FaceAligner {

    private static final int[] RIGHT_EYE = {36, 37, 38, 39, 40, 41};
    private static final int[] LEFT_EYE = {42, 43, 44, 45, 46, 47};
    private static final int NOSE_TIP = 30;
    private static final int MOUTH_RIGHT = 48;
    private static final int MOUTH_LEFT = 54;
    /** Shrink first when the warp would scale the face down by more than this. */
    private static final double AREA_SHRINK_BELOW = 0.5;

    private final int size;
    private final MatOfPoint2f template;

    public FaceAligner(ModelSet models) {
        OpenCvLibrary.load();
        this.size = models.faceSize();
        this.template = new MatOfPoint2f(models.alignmentTemplate().stream()
                .map(p -> new Point(p.x(), p.y())).toArray(Point[]::new));
    }

    /** The aligned {@code faceSize × faceSize} BGR face for 68 landmarks (x, y pairs in image pixels). */
    public Mat align(Mat bgr, float[] landmarks) {
        MatOfPoint2f points = new MatOfPoint2f(fivePoints(landmarks));
        // RANSAC with a threshold no point can exceed keeps all five, then refines by least squares
        Mat transform = Calib3d.estimateAffinePartial2D(points, template, new Mat(), Calib3d.RANSAC, 1e6, 1, 0.99, 10);
        points.release();
        double scale = Math.hypot(transform.get(0, 0)[0], transform.get(1, 0)[0]);
        Mat face = new Mat();
        if (scale < AREA_SHRINK_BELOW) {
            warpShrunk(bgr, transform, scale, face);
        } else {
            Imgproc.warpAffine(bgr, face, transform, new Size(size, size), Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT);
        }
        transform.release();
        return face;
    }

    /** Area-shrinks the part of the image the face comes from to the target scale, then warps it. */
    private void warpShrunk(Mat bgr, Mat transform, double scale, Mat face) {
        Mat inverse = new Mat();
        Imgproc.invertAffineTransform(transform, inverse);
        MatOfPoint2f corners = new MatOfPoint2f(new Point(0, 0), new Point(size, 0), new Point(0, size), new Point(size, size));
        Core.transform(corners, corners, inverse);
        Rect source = Imgproc.boundingRect(corners);
        Rect region = intersect(source, new Rect(0, 0, bgr.cols(), bgr.rows()));
        Mat shrunk = new Mat();
        Imgproc.resize(bgr.submat(region), shrunk, new Size(), scale, scale, Imgproc.INTER_AREA);
        // p = q / scale + origin in the shrunk region's coordinates q, so M' = [A / scale | A·origin + t]
        Mat adjusted = transform.clone();
        for (int row = 0; row < 2; row++) {
            double a = transform.get(row, 0)[0];
            double b = transform.get(row, 1)[0];
            adjusted.put(row, 0, a / scale, b / scale, a * region.x + b * region.y + transform.get(row, 2)[0]);
        }
        Imgproc.warpAffine(shrunk, face, adjusted, new Size(size, size), Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT);
        for (Mat m : List.of(inverse, corners, shrunk, adjusted)) {
            m.release();
        }
    }

    private static Rect intersect(Rect a, Rect b) {
        int x = Math.max(a.x, b.x);
        int y = Math.max(a.y, b.y);
        int right = Math.min(a.x + a.width, b.x + b.width);
        int bottom = Math.min(a.y + a.height, b.y + b.height);
        return new Rect(x, y, Math.max(1, right - x), Math.max(1, bottom - y));
    }

    /** Eye centres, nose tip and mouth corners, in template order (image left to right, top to bottom). */
    static Point[] fivePoints(float[] landmarks) {
        return new Point[] {
            mean(landmarks, RIGHT_EYE), mean(landmarks, LEFT_EYE), point(landmarks, NOSE_TIP),
            point(landmarks, MOUTH_RIGHT), point(landmarks, MOUTH_LEFT)
        };
    }

    private static Point mean(float[] landmarks, int[] indices) {
        double x = 0;
        double y = 0;
        for (int i : indices) {
            x += landmarks[2 * i];
            y += landmarks[2 * i + 1];
        }
        return new Point(x / indices.length, y / indices.length);
    }

    private static Point point(float[] landmarks, int index) {
        return new Point(landmarks[2 * index], landmarks[2 * index + 1]);
    }
}
