package io.lookalike.embed.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The face models and how to feed them: which files, their expected SHA-256, input sizes, pixel
 * normalisation, the alignment template and the embedding size. Configuration, so another model set
 * (ArcFace, SFace ONNX files) can be plugged in; {@link #defaults(Path)} is the npm
 * {@code faceplugin-face-recognition-js@0.0.1} set described in docs/models.md.
 *
 * @param pose optional head-pose model (HopeNet-style, 66 bins per angle); {@code null} when absent
 */
public record ModelSet(String modelId, Path folder,
                       ModelFile detector, ModelFile landmarker, ModelFile embedder, ModelFile pose,
                       int detectorWidth, int detectorHeight, Normalisation detectorNormalisation,
                       int landmarkerSize, Normalisation landmarkerNormalisation,
                       int faceSize, Normalisation embedderNormalisation, List<Point> alignmentTemplate,
                       int dimension) {

    /** The folder deploy/local/fetch.sh unpacks the default models into. */
    public static final Path DEFAULT_FOLDER = defaultFolder();

    /** {@code $LOOKALIKE_CACHE} (default ~/.cache/lookalike) {@code /npm/faceplugin-face-recognition-js-0.0.1/package/model}. */
    public static Path defaultFolder() {
        String cache = System.getenv("LOOKALIKE_CACHE");
        Path root = cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache/lookalike") : Path.of(cache);
        return root.resolve("npm/faceplugin-face-recognition-js-0.0.1/package/model");
    }

    /** A model file in {@link #folder()} and the SHA-256 (hex) it must have; {@code null} skips the check. */
    public record ModelFile(String name, String sha256) {
    }

    /** Network input = (pixel − mean) / scale. */
    public record Normalisation(double mean, double scale) {
    }

    /** A point of the alignment template, in pixels of the {@link #faceSize()} square. */
    public record Point(double x, double y) {
    }

    /** Thrown when a model file is missing or is not the expected file. */
    public static final class ModelMissingException extends IllegalStateException {
        public ModelMissingException(String message) {
            super(message);
        }
    }

    public ModelSet {
        alignmentTemplate = List.copyOf(alignmentTemplate);
    }

    /** The faceplugin set: UltraFace RFB-320, 68-point landmarks, 512-D MobileFaceNet, HopeNet pose. */
    public static ModelSet defaults(Path folder) {
        return new ModelSet("faceplugin-mbf-512@1", folder,
                new ModelFile("fr_detect.onnx", "6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854"),
                new ModelFile("fr_landmark.onnx", "f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258"),
                new ModelFile("fr_feature.onnx", "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581"),
                new ModelFile("fr_pose.onnx", "72d032ec941b7153bf8d3f2c03a4c165453cc7e63d479041ec7c6ef087e5839d"),
                320, 240, new Normalisation(127, 128),
                64, new Normalisation(0, 256),
                112, new Normalisation(127, 128),
                List.of(new Point(38.2946, 51.6963), new Point(73.5318, 51.5014), new Point(56.0252, 71.7366),
                        new Point(41.5493, 92.3655), new Point(70.7299, 92.2041)),
                512);
    }

    public static ModelSet defaults() {
        return defaults(DEFAULT_FOLDER);
    }

    public Path path(ModelFile file) {
        return folder.resolve(file.name());
    }

    /** Checks that every model file is present and has its expected SHA-256. */
    public ModelSet verify() {
        Stream.of(detector, landmarker, embedder, pose).filter(f -> f != null).forEach(this::verify);
        return this;
    }

    private void verify(ModelFile file) {
        Path path = path(file);
        String fix = " (run ./lookalike up or deploy/local/fetch.sh models)";
        if (!Files.isRegularFile(path)) {
            throw new ModelMissingException("Model " + file.name() + " is missing from " + folder + fix);
        }
        if (file.sha256() == null) {
            return;
        }
        String actual = sha256(path);
        if (!actual.equalsIgnoreCase(file.sha256())) {
            throw new ModelMissingException("Model " + file.name() + " in " + folder + " has SHA-256 " + actual
                    + ", expected " + file.sha256() + fix);
        }
    }

    private static String sha256(Path path) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ModelMissingException("Model " + path + " cannot be read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
