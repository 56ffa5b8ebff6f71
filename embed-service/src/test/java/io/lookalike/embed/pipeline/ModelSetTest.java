package io.lookalike.embed.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookalike.embed.config.ModelConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSetTest {

    @TempDir
    Path folder;

    @Test
    void defaultsDescribeTheFacepluginSet() {
        ModelSet models = ModelSet.defaults(folder);
        assertEquals("faceplugin-mbf-512@1", models.modelId());
        assertEquals(512, models.dimension());
        assertEquals(5, models.alignmentTemplate().size());
        assertEquals(folder.resolve("fr_feature.onnx"), models.path(models.embedder()));
    }

    @Test
    void theShippedConfigurationIsTheFacepluginSet() throws IOException {
        ModelConfig config = config(Map.of());
        assertEquals(ModelSet.defaults(config.dir()), config.modelSet());
    }

    @Test
    void anotherModelSetIsConfiguration() throws IOException {
        ModelSet models = config(Map.of("lookalike.models.id", "arcface-r50@1",
            "lookalike.models.embedder.file", "w600k_r50.onnx", "lookalike.models.embedder.mean", "127.5",
            "lookalike.models.embedder.scale", "127.5")).modelSet();
        assertEquals("arcface-r50@1", models.modelId());
        assertEquals("w600k_r50.onnx", models.embedder().name());
        assertEquals(new ModelSet.Normalisation(127.5, 127.5), models.embedderNormalisation());
        var e = assertThrows(IllegalArgumentException.class,
            () -> config(Map.of("lookalike.models.embedder.template", "1,2,3")).modelSet());
        assertTrue(e.getMessage().contains("5 x,y pairs"), e.getMessage());
    }

    /** application.properties as the service reads it, with these keys overridden. */
    private static ModelConfig config(Map<String, String> overrides) throws IOException {
        return new SmallRyeConfigBuilder().addDefaultInterceptors().addDefaultSources()
            .withSources(new PropertiesConfigSource(ModelSetTest.class.getResource("/application.properties"), 100))
            .withSources(new PropertiesConfigSource(overrides, "overrides", 500))
            .withMapping(ModelConfig.class).build().getConfigMapping(ModelConfig.class);
    }

    @Test
    void missingModelIsNamedWithItsFolderAndTheFix() {
        var e = assertThrows(ModelSet.ModelMissingException.class, () -> ModelSet.defaults(folder).verify());
        assertTrue(e.getMessage().contains("fr_detect.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains(folder.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("deploy/local/fetch.sh models"), e.getMessage());
    }

    @Test
    void alteredModelIsRefused() throws IOException {
        ModelSet models = ModelSet.defaults(folder);
        for (ModelSet.ModelFile file : new ModelSet.ModelFile[] {models.detector(), models.landmarker(), models.embedder(), models.pose()}) {
            Files.writeString(models.path(file), "not a model");
        }
        var e = assertThrows(ModelSet.ModelMissingException.class, models::verify);
        assertTrue(e.getMessage().contains("fr_detect.onnx") && e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void realModelsVerify() {
        TestPhotos.models().verify();
    }
}
