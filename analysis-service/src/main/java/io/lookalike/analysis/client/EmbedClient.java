package io.lookalike.analysis.client;

import io.lookalike.common.rest.ApiKeyFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/** embed-service's synchronous {@code POST /api/embed}: the faces of an image with their vectors, nothing stored. */
@RegisterRestClient(configKey = "embed")
@Path("/api/embed")
public interface EmbedClient {

    record Box(int x, int y, int width, int height) {
    }

    record Face(Box box, float score, int size, double quality, float[] landmarks, float[] embedding) {
    }

    record EmbedResult(String modelId, int width, int height, List<Face> faces) {
    }

    /** A raw response: embed-service's problem JSON (415, 422, …) is passed on to our caller by FaceSearch. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Response embed(ClientMultipartForm form, @HeaderParam(ApiKeyFilter.HEADER) String apiKey);
}
