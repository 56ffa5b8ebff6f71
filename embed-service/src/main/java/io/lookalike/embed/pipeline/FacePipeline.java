package io.lookalike.embed.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.Rect2d;

/**
 * Photo bytes to embedded faces: {@link ImageDecoder} → {@link FaceDetector} → {@link LandmarkDetector}
 * → {@link FaceAligner} → {@link FaceEmbedder}, with {@link FaceQuality} on the side.
 *
 * <p>Models load once, in the constructor. {@link #process} is thread-safe and meant to be called
 * from several worker threads at once, one photo each: every model runs single-threaded, so
 * throughput scales with the number of workers up to the number of cores.
 */
public final class FacePipeline implements AutoCloseable {

    /** Detection thresholds and whether to estimate head pose (about 7 ms more per face). */
    public record Options(float scoreThreshold, float nmsIou, int minFaceSize, boolean estimatePose) {
        public static Options defaults() {
            return new Options(0.7f, 0.3f, 20, false);
        }
    }

    private final ModelSet models;
    private final ImageDecoder decoder = new ImageDecoder();
    private final FaceDetector detector;
    private final LandmarkDetector landmarker;
    private final FaceAligner aligner;
    private final FaceEmbedder embedder;
    private final FaceQuality quality;

    public FacePipeline(ModelSet models, Options options) {
        this.models = models.verify();
        this.detector = new FaceDetector(models, options.scoreThreshold(), options.nmsIou(), options.minFaceSize());
        this.landmarker = new LandmarkDetector(models);
        this.aligner = new FaceAligner(models);
        this.embedder = new FaceEmbedder(models);
        this.quality = new FaceQuality(models, options.estimatePose());
    }

    public FacePipeline(ModelSet models) {
        this(models, Options.defaults());
    }

    public String modelId() {
        return models.modelId();
    }

    /** Every face in the photo, most confident first; none is a valid answer. */
    public PipelineResult process(byte[] photo) throws UnreadableImageException {
        long start = System.nanoTime();
        Mat image = decoder.decode(photo);
        List<Mat> aligned = new ArrayList<>();
        try {
            long decoded = System.nanoTime();
            List<FaceDetector.Detection> detections = detector.detect(image);
            long detected = System.nanoTime();
            List<float[]> landmarks = new ArrayList<>(detections.size());
            for (FaceDetector.Detection detection : detections) {
                landmarks.add(landmarker.detect(image, detection.box()));
            }
            long landmarked = System.nanoTime();
            for (float[] points : landmarks) {
                aligned.add(aligner.align(image, points));
            }
            long alignedAt = System.nanoTime();
            float[][] embeddings = embedder.embed(aligned);
            long embedded = System.nanoTime();
            List<Quality> qualities = new ArrayList<>(detections.size());
            for (int i = 0; i < detections.size(); i++) {
                qualities.add(quality.assess(image, detections.get(i).box(), aligned.get(i)));
            }
            long assessed = System.nanoTime();
            List<Face> faces = new ArrayList<>(detections.size());
            for (int i = 0; i < detections.size(); i++) {
                FaceDetector.Detection detection = detections.get(i);
                Rect2d b = detection.box();
                faces.add(new Face(box(b), landmarks.get(i), detection.score(), (int) Math.round(Math.max(b.width, b.height)),
                        qualities.get(i), embeddings[i], FaceThumbnail.of(aligned.get(i))));
            }
            long cut = System.nanoTime();
            StageTimings timings = new StageTimings(decoded - start, detected - decoded, landmarked - detected,
                    alignedAt - landmarked, embedded - alignedAt, assessed - embedded, cut - assessed);
            return new PipelineResult(models.modelId(), image.cols(), image.rows(), faces, timings);
        } finally {
            image.release();
            aligned.forEach(Mat::release);
        }
    }

    private static Face.Box box(Rect2d b) {
        int x = (int) Math.round(b.x);
        int y = (int) Math.round(b.y);
        return new Face.Box(x, y, (int) Math.round(b.x + b.width) - x, (int) Math.round(b.y + b.height) - y);
    }

    @Override
    public void close() {
        detector.close();
        landmarker.close();
        embedder.close();
        quality.close();
    }
}
