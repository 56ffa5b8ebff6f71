package io.lookalike.embed.pipeline;

import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;

/**
 * Turns aligned faces into unit-length embeddings: RGB, (x − 127) / 128, one face per run (the
 * faceplugin embedder's batch dimension is fixed at 1), then L2-normalised. Thread-safe.
 */
public final class FaceEmbedder implements AutoCloseable {

    private final OnnxModel model;
    private final ModelSet models;

    public FaceEmbedder(ModelSet models) {
        OpenCvLibrary.load();
        this.models = models;
        this.model = new OnnxModel(models.path(models.embedder()));
    }

    /** One unit vector of {@link ModelSet#dimension()} floats per aligned BGR face. */
    public float[][] embed(List<Mat> faces) {
        float[][] embeddings = new float[faces.size()][];
        for (int i = 0; i < embeddings.length; i++) {
            embeddings[i] = embed(faces.get(i));
        }
        return embeddings;
    }

    public float[] embed(Mat face) {
        ModelSet.Normalisation n = models.embedderNormalisation();
        Size size = new Size(models.faceSize(), models.faceSize());
        Mat blob = Dnn.blobFromImage(face, 1 / n.scale(), size, Scalar.all(n.mean()), true, false);
        float[] embedding = model.run(blob)[0];
        blob.release();
        Mat vector = new Mat(1, embedding.length, CvType.CV_32F);
        vector.put(0, 0, embedding);
        Core.normalize(vector, vector);
        vector.get(0, 0, embedding);
        vector.release();
        return embedding;
    }

    @Override
    public void close() {
        model.close();
    }
}
