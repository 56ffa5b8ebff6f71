package io.lookalike.analysis.rest;

import io.lookalike.analysis.client.IngestGateway;
import io.lookalike.common.rest.ApiKeyFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * ingest-service's photo API ({@code /api/photos…}: upload, batch, status, content, relabel, delete) on the
 * dashboard's own origin, relayed unchanged by {@link IngestGateway}. ingest-service checks the key again.
 */
@Path("/api/photos{rest: (/.*)?}")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.WILDCARD)
public class PhotoProxyResource {
    private final IngestGateway ingest;

    public PhotoProxyResource(IngestGateway ingest) {
        this.ingest = ingest;
    }

    @GET
    @Operation(summary = "ingest-service's photo reads (list, one photo's status, its bytes, counts), relayed")
    public Response read(@Context UriInfo uri) {
        return relay("GET", uri, null, null, null);
    }

    @POST
    @Operation(summary = "Upload (multipart 'image', 'member', 'group') or batch, relayed to ingest-service; needs X-API-Key")
    public Response write(@Context UriInfo uri, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                          @HeaderParam(ApiKeyFilter.HEADER) String key, byte[] body) {
        return relay("POST", uri, type, key, body);
    }

    @PATCH
    @Operation(summary = "Relabel a photo, relayed to ingest-service; needs X-API-Key")
    public Response relabel(@Context UriInfo uri, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                            @HeaderParam(ApiKeyFilter.HEADER) String key, byte[] body) {
        return relay("PATCH", uri, type, key, body);
    }

    @DELETE
    @Operation(summary = "Delete a photo, relayed to ingest-service; needs X-API-Key")
    public Response delete(@Context UriInfo uri, @HeaderParam(ApiKeyFilter.HEADER) String key) {
        return relay("DELETE", uri, null, key, null);
    }

    private Response relay(String method, UriInfo uri, String type, String key, byte[] body) {
        String query = uri.getRequestUri().getRawQuery();
        String target = uri.getRequestUri().getRawPath() + (query == null ? "" : "?" + query);
        return Relayed.of(ingest.relay(method, target, type, key, body));
    }
}
