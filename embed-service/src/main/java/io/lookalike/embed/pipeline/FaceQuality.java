package io.lookalike.embed.pipeline;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Point;
import org.opencv.core.Rect2d;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Image2BlobParams;
import org.opencv.imgproc.Imgproc;

/**
 * Scores a face's quality in [0, 1] as the product of three terms: sharpness (variance of the
 * Laplacian of the aligned grey face, {@code v / (v + 50)}), size (longer box side / 112, at most 1)
 * and, when a pose model is given, frontality ({@code cos yaw · cos pitch}; roll is undone by the
 * alignment).
 *
 * <p>The pose model is faceplugin's {@code fr_pose.onnx}, a HopeNet: the box grown by a quarter on
 * each side, 224×224 RGB with ImageNet mean/std; three outputs of 66 three-degree bins (yaw, pitch,
 * roll) whose softmax expectation gives the angle: {@code 3·E[bin] − 99}. It costs about as much as
 * half an embedding, so it is optional. Thread-safe.
 */
public final class FaceQuality implements AutoCloseable {

    private static final double SHARPNESS_HALF = 50;
    private static final int POSE_INPUT = 224;
    private static final double POSE_MARGIN = 0.25;

    private final OnnxModel pose;
    private final double fullSize;

    /** @param estimatePose whether to run the model set's pose model (it must have one) */
    public FaceQuality(ModelSet models, boolean estimatePose) {
        OpenCvLibrary.load();
        if (estimatePose && models.pose() == null) {
            throw new IllegalArgumentException("Model set " + models.modelId() + " has no pose model");
        }
        this.pose = estimatePose ? new OnnxModel(models.path(models.pose())) : null;
        this.fullSize = models.faceSize();
    }

    /** Quality of the face in {@code box} of {@code bgr}, whose aligned crop is {@code aligned}. */
    public Quality assess(Mat bgr, Rect2d box, Mat aligned) {
        double sharpness = sharpness(aligned);
        double score = sharpness / (sharpness + SHARPNESS_HALF) * Math.min(1, Math.max(box.width, box.height) / fullSize);
        if (pose == null) {
            return new Quality(score, sharpness, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] angles = pose(bgr, box);
        double frontality = Math.cos(Math.toRadians(angles[0])) * Math.cos(Math.toRadians(angles[1]));
        return new Quality(score * Math.max(0, frontality), sharpness, angles[0], angles[1], angles[2]);
    }

    /** Variance of the Laplacian of the grey face. */
    static double sharpness(Mat face) {
        Mat grey = new Mat();
        Imgproc.cvtColor(face, grey, Imgproc.COLOR_BGR2GRAY);
        Mat laplacian = new Mat();
        Imgproc.Laplacian(grey, laplacian, CvType.CV_64F);
        MatOfDouble mean = new MatOfDouble();
        MatOfDouble deviation = new MatOfDouble();
        Core.meanStdDev(laplacian, mean, deviation);
        double sd = deviation.get(0, 0)[0];
        for (Mat m : new Mat[] {grey, laplacian, mean, deviation}) {
            m.release();
        }
        return sd * sd;
    }

    /** Yaw, pitch, roll in degrees. */
    private double[] pose(Mat bgr, Rect2d box) {
        Size crop = new Size(box.width * (1 + 2 * POSE_MARGIN), box.height * (1 + 2 * POSE_MARGIN));
        Mat patch = new Mat();
        Imgproc.getRectSubPix(bgr, crop, new Point(box.x + box.width / 2, box.y + box.height / 2), patch);
        Imgproc.resize(patch, patch, new Size(POSE_INPUT, POSE_INPUT), 0, 0, Imgproc.INTER_AREA);
        // ImageNet normalisation, (x/255 − mean) / std per RGB channel, as (x − 255·mean) · 1/(255·std)
        Image2BlobParams params = new Image2BlobParams(new Scalar(1 / 58.395, 1 / 57.12, 1 / 57.375),
                new Size(POSE_INPUT, POSE_INPUT), new Scalar(123.675, 116.28, 103.53), true, CvType.CV_32F);
        Mat blob = Dnn.blobFromImageWithParams(patch, params);
        float[][] bins = pose.run(blob);
        patch.release();
        blob.release();
        return new double[] {angle(bins[0]), angle(bins[1]), angle(bins[2])};
    }

    /** Softmax expectation over 3° bins starting at −99°. */
    private static double angle(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        double expectation = 0;
        for (int bin = 0; bin < logits.length; bin++) {
            double weight = Math.exp(logits[bin] - max);
            sum += weight;
            expectation += weight * bin;
        }
        return 3 * expectation / sum - 99;
    }

    @Override
    public void close() {
        if (pose != null) {
            pose.close();
        }
    }
}
