package io.lookalike.analysis.client;

import io.lookalike.common.rest.ApiKeyFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** embed-service's {@code /api/faces/labels}: embed-service owns the face rows, so it writes and erases their labels. */
@RegisterRestClient(configKey = "embed")
@Path("/api/faces/labels")
public interface FaceLabelClient {

    record Labels(List<Long> faceIds, String member, String group) {
    }

    /** A raw response: embed-service's problem JSON (400, 404) is passed on by PeopleAssignment. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Response label(Labels labels, @HeaderParam(ApiKeyFilter.HEADER) String apiKey);

    /** Erases every face labelled with the member ({@code faces}: each erased face and its photo); raw, as {@link #label}. */
    @DELETE
    @Path("/{member}")
    Response erase(@PathParam("member") String member, @HeaderParam(ApiKeyFilter.HEADER) String apiKey);
}
