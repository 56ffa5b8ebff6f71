package io.lookalike.embed.config;

import io.lookalike.embed.pipeline.FacePipeline;
import io.lookalike.embed.pipeline.ModelSet;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Loads the face models once per process, at start-up, so a missing or altered model stops the service with a
 * clear message instead of failing the first photo.
 */
public class PipelineProducer {
    private static final Logger LOG = Logger.getLogger(PipelineProducer.class);

    @Produces
    @Singleton
    @Startup
    FacePipeline pipeline(@ConfigProperty(name = "lookalike.models.dir") Optional<Path> folder,
                          @ConfigProperty(name = "lookalike.detect.score-threshold") float scoreThreshold,
                          @ConfigProperty(name = "lookalike.detect.nms-iou") float nmsIou,
                          @ConfigProperty(name = "lookalike.detect.min-face-size") int minFaceSize,
                          @ConfigProperty(name = "lookalike.quality.pose") boolean pose) {
        ModelSet models = ModelSet.defaults(folder.orElse(ModelSet.DEFAULT_FOLDER)).verify();
        LOG.infof("Face models %s loaded from %s", models.modelId(), models.folder());
        return new FacePipeline(models, new FacePipeline.Options(scoreThreshold, nmsIou, minFaceSize, pose));
    }

    void close(@Disposes FacePipeline pipeline) {
        pipeline.close();
    }
}
