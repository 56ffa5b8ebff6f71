package io.lookalike.embed.config;

import io.lookalike.embed.pipeline.ModelSet;
import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The model set as configuration ({@code lookalike.models.*} in application.properties, each key overridable by
 * its environment variable), so another ONNX set (ArcFace, SFace) is plugged in without code: files, checksums,
 * input sizes, normalisation, the alignment template, the embedding dimension and the model id every face row carries.
 */
@ConfigMapping(prefix = "lookalike.models")
public interface ModelConfig {

    /** Written on every face row; a new id means a re-embed, never a mix of incomparable vectors. */
    String id();

    Path dir();

    Detector detector();

    Landmarker landmarker();

    Embedder embedder();

    /** Optional head-pose model (quality signal). */
    Optional<File> pose();

    interface File {
        String file();

        /** Expected SHA-256 (hex); absent = not checked. */
        Optional<String> sha256();

        default ModelSet.ModelFile model() {
            return new ModelSet.ModelFile(file(), sha256().orElse(null));
        }
    }

    /** Network input = (pixel − mean) / scale. */
    interface Normalised {
        double mean();

        double scale();

        default ModelSet.Normalisation normalisation() {
            return new ModelSet.Normalisation(mean(), scale());
        }
    }

    interface Detector extends File, Normalised {
        int width();

        int height();
    }

    interface Landmarker extends File, Normalised {
        int size();
    }

    interface Embedder extends File, Normalised {
        /** Side of the aligned face square. */
        int size();

        int dimension();

        /** Five points (eye centres, nose tip, mouth corners) as x,y pairs in pixels of the face square. */
        List<Double> template();
    }

    default ModelSet modelSet() {
        List<Double> t = embedder().template();
        if (t.size() != 10) {
            throw new IllegalArgumentException("lookalike.models.embedder.template needs 5 x,y pairs (10 numbers), not "
                + t.size());
        }
        List<ModelSet.Point> template = new ArrayList<>();
        for (int i = 0; i < t.size(); i += 2) {
            template.add(new ModelSet.Point(t.get(i), t.get(i + 1)));
        }
        return new ModelSet(id(), dir(), detector().model(), landmarker().model(), embedder().model(),
            pose().map(File::model).orElse(null),
            detector().width(), detector().height(), detector().normalisation(),
            landmarker().size(), landmarker().normalisation(),
            embedder().size(), embedder().normalisation(), template, embedder().dimension());
    }
}
