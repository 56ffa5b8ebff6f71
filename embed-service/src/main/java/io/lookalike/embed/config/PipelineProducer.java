package io.lookalike.embed.config;

import io.lookalike.embed.domain.FaceRow;
import io.lookalike.embed.pipeline.FacePipeline;
import io.lookalike.embed.pipeline.ModelSet;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
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
    FacePipeline pipeline(ModelConfig modelConfig,
                          @ConfigProperty(name = "lookalike.detect.score-threshold") float scoreThreshold,
                          @ConfigProperty(name = "lookalike.detect.nms-iou") float nmsIou,
                          @ConfigProperty(name = "lookalike.detect.min-face-size") int minFaceSize,
                          @ConfigProperty(name = "lookalike.quality.pose") boolean pose) {
        ModelSet models = modelConfig.modelSet();
        if (models.dimension() != FaceRow.DIMENSION) {
            throw new IllegalStateException("lookalike.models.embedder.dimension is " + models.dimension()
                + " but embed.face holds vector(" + FaceRow.DIMENSION + "): another dimension needs a migration");
        }
        models.verify();
        LOG.infof("Face models %s loaded from %s", models.modelId(), models.folder());
        return new FacePipeline(models, new FacePipeline.Options(scoreThreshold, nmsIou, minFaceSize, pose));
    }

    void close(@Disposes FacePipeline pipeline) {
        pipeline.close();
    }
}
