package io.lookalike.embed.pipeline;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.opencv.core.Mat;

/**
 * One ONNX model run through DJL's OnnxRuntime engine: float tensor in, float arrays out.
 *
 * <p>Thread-safe. The {@link ZooModel} (one OnnxRuntime session) is loaded once and shared; DJL
 * predictors are not thread-safe, so each call borrows one from a pool and gives it back, and the
 * pool grows to the number of threads that ever call at once. The session runs with one intra-op
 * thread: the pipeline parallelises across images, one worker thread per core (docs/models.md).
 */
public final class OnnxModel implements AutoCloseable {

    /** An input tensor: row-major float data and its shape, e.g. {@code [1, 3, 240, 320]}. */
    public record Input(FloatBuffer data, long[] shape) {
    }

    /** A predictor and the direct buffer its inputs are staged in (OnnxRuntime reads it without another copy). */
    private static final class Worker {
        final Predictor<Input, float[][]> predictor;
        FloatBuffer staging = FloatBuffer.allocate(0);

        Worker(Predictor<Input, float[][]> predictor) {
            this.predictor = predictor;
        }

        FloatBuffer stage(float[] data) {
            if (staging.capacity() < data.length) {
                staging = ByteBuffer.allocateDirect(data.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            }
            staging.clear();
            staging.put(data).flip();
            return staging;
        }
    }

    private final ZooModel<Input, float[][]> model;
    private final Deque<Worker> idle = new ConcurrentLinkedDeque<>();

    public OnnxModel(Path file) {
        Criteria<Input, float[][]> criteria = Criteria.builder()
                .setTypes(Input.class, float[][].class)
                .optEngine("OnnxRuntime")
                .optModelPath(file.getParent())
                .optModelName(file.getFileName().toString().replaceFirst("\\.onnx$", ""))
                .optTranslator(new FloatTranslator())
                .optOption("intraOpNumThreads", "1")
                .optOption("interOpNumThreads", "1")
                .build();
        try {
            model = criteria.loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("Cannot load ONNX model " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs the model on an OpenCV blob (e.g. from {@code Dnn.blobFromImage}); see {@link #run(float[], long...)}. */
    public float[][] run(Mat blob) {
        long[] shape = new long[blob.dims()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = blob.size(i);
        }
        float[] data = new float[(int) blob.total()];
        blob.reshape(1, 1).get(0, 0, data);
        return run(data, shape);
    }

    /** Runs the model; returns each output, flattened row-major, in the model's output order. */
    public float[][] run(float[] data, long... shape) {
        Worker worker = idle.pollFirst();
        if (worker == null) {
            worker = new Worker(model.newPredictor());
        }
        try {
            return worker.predictor.predict(new Input(worker.stage(data), shape));
        } catch (TranslateException e) {
            throw new IllegalStateException("Inference failed in " + model.getName() + ": " + e.getMessage(), e);
        } finally {
            idle.offerFirst(worker);
        }
    }

    @Override
    public void close() {
        for (Worker worker; (worker = idle.pollFirst()) != null; ) {
            worker.predictor.close();
        }
        model.close();
    }

    private static final class FloatTranslator implements NoBatchifyTranslator<Input, float[][]> {
        @Override
        public NDList processInput(TranslatorContext ctx, Input input) {
            return new NDList(ctx.getNDManager().create(input.data(), new Shape(input.shape())));
        }

        @Override
        public float[][] processOutput(TranslatorContext ctx, NDList list) {
            float[][] outputs = new float[list.size()][];
            for (int i = 0; i < outputs.length; i++) {
                NDArray array = list.get(i);
                outputs[i] = array.toFloatArray();
            }
            return outputs;
        }
    }
}
