package io.lookalike.embed.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
