package io.lookalike.analysis.rest;

import io.lookalike.analysis.query.Thumbnails;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Face thumbnails for the dashboard: a face's picture never changes, so browsers keep it (a day: a face may be erased). */
@Path("/api/faces")
public class FaceResource {
    private static final CacheControl FOREVER = CacheControl.valueOf("public, max-age=86400");

    private final Thumbnails thumbnails;

    public FaceResource(Thumbnails thumbnails) {
        this.thumbnails = thumbnails;
    }

    @GET
    @Path("/{id}/thumbnail")
    @Produces("image/jpeg")
    @Operation(summary = "A small JPEG of one face (browsers keep it a day: a face's picture never changes)")
    public Response face(@PathParam("id") long id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch)
        throws SQLException {
        EntityTag tag = new EntityTag("face-" + id);
        if (ifNoneMatch != null && ifNoneMatch.contains(tag.getValue())) {
            return Response.notModified(tag).cacheControl(FOREVER).build();
        }
        return Response.ok(thumbnails.ofFace(id), "image/jpeg").tag(tag).cacheControl(FOREVER).build();
    }
}
