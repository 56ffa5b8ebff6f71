package io.lookalike.embed.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

/** ingest-service, where photo bytes live (events carry only ids). Statuses are handled by {@code PhotoFetcher}. */
@RegisterRestClient(configKey = "ingest")
@Path("/api/photos")
public interface IngestClient {

    record PhotoSummary(UUID id, String member, String group) {
    }

    record PhotoPage(List<PhotoSummary> items, int page, int size, long total) {
    }

    @GET
    @Path("/{id}/content")
    RestResponse<byte[]> content(@PathParam("id") UUID id);

    @GET
    PhotoPage list(@QueryParam("page") int page, @QueryParam("size") int size);
}
