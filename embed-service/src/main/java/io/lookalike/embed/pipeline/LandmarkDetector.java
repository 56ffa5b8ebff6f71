package io.lookalike.embed.pipeline;

import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect2d;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.imgproc.Imgproc;

/**
 * Places the 68 iBUG landmarks on a detected face: a square crop centred on the box (edge pixels
 * replicated where it leaves the image) is shrunk to a 64×64 grey patch fed as x / 256; the model
 * answers in crop-relative coordinates, mapped back to image pixels. Thread-safe.
 */
public final class LandmarkDetector implements AutoCloseable {

    /** Number of landmarks; {@link #detect} returns x, y pairs, so twice as many floats. */
    public static final int POINTS = 68;

    private final OnnxModel model;
    private final ModelSet models;

    public LandmarkDetector(ModelSet models) {
        OpenCvLibrary.load();
        this.models = models;
        this.model = new OnnxModel(models.path(models.landmarker()));
    }

    /** Landmarks of the face in {@code box} of a BGR image: x0, y0, x1, y1, … in image pixels. */
    public float[] detect(Mat bgr, Rect2d box) {
        double side = Math.max(box.width, box.height);
        Point centre = new Point(box.x + box.width / 2, box.y + box.height / 2);
        Mat crop = new Mat();
        Imgproc.getRectSubPix(bgr, new Size(side, side), centre, crop);
        int size = models.landmarkerSize();
        Imgproc.resize(crop, crop, new Size(size, size), 0, 0, Imgproc.INTER_AREA);
        Imgproc.cvtColor(crop, crop, Imgproc.COLOR_BGR2GRAY);
        ModelSet.Normalisation n = models.landmarkerNormalisation();
        Mat blob = Dnn.blobFromImage(crop, 1 / n.scale(), new Size(size, size), Scalar.all(n.mean()), false, false);
        float[] points = model.run(blob)[0];
        crop.release();
        blob.release();
        double left = centre.x - side / 2;
        double top = centre.y - side / 2;
        for (int i = 0; i < points.length; i += 2) {
            points[i] = (float) (left + points[i] * side);
            points[i + 1] = (float) (top + points[i + 1] * side);
        }
        return points;
    }

    @Override
    public void close() {
        model.close();
    }
}
