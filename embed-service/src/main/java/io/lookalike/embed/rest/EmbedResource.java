package io.lookalike.embed.rest;

import io.lookalike.common.image.ImageInspector;
import io.lookalike.common.rest.ProblemException;
import io.lookalike.embed.pipeline.Face;
import io.lookalike.embed.pipeline.FacePipeline;
import io.lookalike.embed.pipeline.PipelineResult;
import io.lookalike.embed.pipeline.UnreadableImageException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Faces of an image, synchronously, for "who looks like this photo?" — nothing is stored. */
@Path("/api/embed")
public class EmbedResource {

    public record FaceView(Face.Box box, float score, int size, double quality, float[] landmarks, float[] embedding) {
    }

    public record EmbedResult(String modelId, int width, int height, List<FaceView> faces) {
    }

    private final ImageInspector inspector;
    private final FacePipeline pipeline;

    public EmbedResource(ImageInspector inspector, FacePipeline pipeline) {
        this.inspector = inspector;
        this.pipeline = pipeline;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Find and embed every face of an image (multipart part 'image')")
    public EmbedResult embed(@RestForm("image") FileUpload image) throws IOException {
        if (image == null) {
            throw new ProblemException(Status.BAD_REQUEST, "No image", "Send the photo as the multipart part 'image'.");
        }
        byte[] bytes = Files.readAllBytes(image.uploadedFile());
        inspector.inspect(image.fileName(), bytes);
        try {
            PipelineResult result = pipeline.process(bytes);
            return new EmbedResult(result.modelId(), result.width(), result.height(), result.faces().stream()
                .map(f -> new FaceView(f.box(), f.score(), f.size(), f.quality().score(), f.landmarks(), f.embedding()))
                .toList());
        } catch (UnreadableImageException e) {
            throw new ProblemException(ProblemException.UNPROCESSABLE, "Unreadable image", e.getMessage());
        }
    }
}
