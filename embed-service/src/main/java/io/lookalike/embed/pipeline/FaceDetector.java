package io.lookalike.embed.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfFloat;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect2d;
import org.opencv.core.Rect2d;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.imgproc.Imgproc;

/**
 * Finds faces with the UltraFace RFB-320 detector: the image is resized to 320×240, fed as RGB
 * (x − 127) / 128, and the decoded boxes are filtered by score, non-maximum suppression and size.
 *
 * <p>UltraFace misses a face that fills the whole frame (a tight 150×150 crop), so small images are
 * first padded with replicated edge pixels, and any image where nothing is found is tried once more
 * padded. Boxes come back in the original image's pixels, clipped to it. Thread-safe.
 */
public final class FaceDetector implements AutoCloseable {

    /** A face box in image pixels and the detector's confidence. */
    public record Detection(Rect2d box, float score) {
    }

    /** Images whose longer side is at most this many pixels are always padded before detection. */
    static final int SMALL_IMAGE = 400;
    /** Border added on each side, as a fraction of the longer image side. */
    static final double PAD_FRACTION = 0.25;

    private final OnnxModel model;
    private final ModelSet models;
    private final float scoreThreshold;
    private final float nmsIou;
    private final int minFaceSize;

    public FaceDetector(ModelSet models, float scoreThreshold, float nmsIou, int minFaceSize) {
        OpenCvLibrary.load();
        this.models = models;
        this.model = new OnnxModel(models.path(models.detector()));
        this.scoreThreshold = scoreThreshold;
        this.nmsIou = nmsIou;
        this.minFaceSize = minFaceSize;
    }

    /** Score threshold 0.7, NMS IoU 0.3, faces of at least 20 px. */
    public FaceDetector(ModelSet models) {
        this(models, 0.7f, 0.3f, 20);
    }

    /** Faces in a BGR image, most confident first. */
    public List<Detection> detect(Mat bgr) {
        int border = (int) Math.round(PAD_FRACTION * Math.max(bgr.cols(), bgr.rows()));
        if (Math.max(bgr.cols(), bgr.rows()) <= SMALL_IMAGE) {
            return detect(bgr, border);
        }
        List<Detection> faces = detect(bgr, 0);
        return faces.isEmpty() ? detect(bgr, border) : faces;
    }

    /** Detects in {@code bgr} framed by {@code border} replicated pixels on each side. */
    private List<Detection> detect(Mat bgr, int border) {
        Mat image = bgr;
        if (border > 0) {
            image = new Mat();
            Core.copyMakeBorder(bgr, image, border, border, border, border, Core.BORDER_REPLICATE);
        }
        Mat blob = blob(image);
        float[][] outputs = model.run(blob);
        blob.release();
        double w = image.cols();
        double h = image.rows();
        if (image != bgr) {
            image.release();
        }
        float[] scores = outputs[0];
        float[] boxes = outputs[1];
        List<Rect2d> rects = new ArrayList<>();
        List<Float> confidences = new ArrayList<>();
        for (int i = 0; i < scores.length / 2; i++) {
            float score = scores[2 * i + 1];
            if (score >= scoreThreshold) {
                double x1 = boxes[4 * i] * w - border;
                double y1 = boxes[4 * i + 1] * h - border;
                rects.add(new Rect2d(x1, y1, boxes[4 * i + 2] * w - border - x1, boxes[4 * i + 3] * h - border - y1));
                confidences.add(score);
            }
        }
        return clip(suppress(rects, confidences), bgr.cols(), bgr.rows());
    }

    /** Non-maximum suppression (OpenCV's). */
    private List<Detection> suppress(List<Rect2d> rects, List<Float> scores) {
        List<Detection> faces = new ArrayList<>();
        if (rects.isEmpty()) {
            return faces;
        }
        MatOfRect2d boxMat = new MatOfRect2d();
        boxMat.fromList(rects);
        MatOfFloat scoreMat = new MatOfFloat();
        scoreMat.fromList(scores);
        MatOfInt kept = new MatOfInt();
        Dnn.NMSBoxes(boxMat, scoreMat, scoreThreshold, nmsIou, kept);
        for (int i : kept.toArray()) {
            faces.add(new Detection(rects.get(i), scores.get(i)));
        }
        boxMat.release();
        scoreMat.release();
        kept.release();
        return faces;
    }

    /** NCHW RGB blob, (x − mean) / scale, shrunk by area interpolation so small faces survive. */
    private Mat blob(Mat bgr) {
        Size size = new Size(models.detectorWidth(), models.detectorHeight());
        Mat resized = new Mat();
        boolean shrinking = bgr.cols() > size.width || bgr.rows() > size.height;
        Imgproc.resize(bgr, resized, size, 0, 0, shrinking ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
        ModelSet.Normalisation n = models.detectorNormalisation();
        Mat blob = Dnn.blobFromImage(resized, 1 / n.scale(), size, Scalar.all(n.mean()), true, false);
        resized.release();
        return blob;
    }

    /** Clips boxes to the image and drops those smaller than the minimum face size. */
    private List<Detection> clip(List<Detection> faces, int width, int height) {
        List<Detection> clipped = new ArrayList<>(faces.size());
        for (Detection face : faces) {
            Rect2d b = face.box();
            double x1 = Math.max(0, b.x);
            double y1 = Math.max(0, b.y);
            double x2 = Math.min(width, b.x + b.width);
            double y2 = Math.min(height, b.y + b.height);
            if (x2 - x1 >= minFaceSize && y2 - y1 >= minFaceSize) {
                clipped.add(new Detection(new Rect2d(x1, y1, x2 - x1, y2 - y1), face.score()));
            }
        }
        clipped.sort(Comparator.comparingDouble(Detection::score).reversed());
        return clipped;
    }

    @Override
    public void close() {
        model.close();
    }
}
