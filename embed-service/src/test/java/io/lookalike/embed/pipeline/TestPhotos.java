package io.lookalike.embed.pipeline;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/** Where the models and photos the pipeline tests need live; tests skip, saying why, when they are absent. */
public final class TestPhotos {

    /** A labelled photo of {@code shared/data/faces/manifest.csv}. */
    public record Labelled(Path path, String identity, String group) {
    }

    private TestPhotos() {
    }

    /** The default model set, or skip when deploy/local/fetch.sh models has not run. */
    public static ModelSet models() {
        ModelSet models = ModelSet.defaults();
        assumeTrue(Files.isRegularFile(models.path(models.embedder())),
                "face models not found in " + models.folder() + ": run deploy/local/fetch.sh models");
        return models;
    }

    /** sample1.jpg … sample6.jpg of @vladmandic/face-api, or skip when deploy/local/fetch.sh samples has not run. */
    public static List<Path> samples() {
        Path demo = ModelSet.defaultFolder().getParent().getParent().getParent()
                .resolve("face-api-1.7.15/package/demo");
        List<Path> samples = IntStream.rangeClosed(1, 6).mapToObj(i -> demo.resolve("sample" + i + ".jpg")).toList();
        assumeTrue(samples.stream().allMatch(Files::isRegularFile),
                "sample photos not found in " + demo + ": run deploy/local/fetch.sh samples");
        return samples;
    }

    /** The labelled photos of shared/data/faces (beside the checkout), or skip when that folder is absent. */
    public static List<Labelled> labelled() {
        Path folder = labelledFolder();
        assumeTrue(folder != null, "labelled photos not found: no shared/data/faces/manifest.csv beside the checkout");
        try {
            return Files.readAllLines(folder.resolve("manifest.csv")).stream().skip(1).filter(line -> !line.isBlank())
                    .map(line -> line.split(","))
                    .map(f -> new Labelled(folder.resolve(f[0]), f[1], f[2]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code -Dlookalike.faces=DIR}, else the first {@code shared/data/faces} beside the working directory or a parent. */
    public static Path labelledFolder() {
        String configured = System.getProperty("lookalike.faces");
        if (configured != null) {
            return Files.isRegularFile(Path.of(configured, "manifest.csv")) ? Path.of(configured) : null;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data/faces");
            if (Files.isRegularFile(candidate.resolve("manifest.csv"))) {
                return candidate;
            }
        }
        return null;
    }

    public static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Euclidean distance between two embeddings. */
    public static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }
}
