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

/**
 * Face thumbnails for the dashboard. A face's picture never changes but a face may be erased: browsers keep it and ask
 * again each time (ETag, 304), and an erased face answers 404 at once; no shared cache keeps it.
 */
@Path("/api/faces")
public class FaceResource {
    private static final CacheControl REVALIDATE = CacheControl.valueOf("private, no-cache");

    private final Thumbnails thumbnails;

    public FaceResource(Thumbnails thumbnails) {
        this.thumbnails = thumbnails;
    }

    @GET
    @Path("/{id}/thumbnail")
    @Produces("image/jpeg")
    @Operation(summary = "A small JPEG of one face (browsers keep it and revalidate: 304 while the face exists, 404 once erased)")
    public Response face(@PathParam("id") long id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch)
        throws SQLException {
        byte[] jpeg = thumbnails.ofFace(id); // 404 for an erased face, also to a browser that holds a copy
        EntityTag tag = new EntityTag("face-" + id);
        if (ifNoneMatch != null && ifNoneMatch.contains(tag.getValue())) {
            return Response.notModified(tag).cacheControl(REVALIDATE).build();
        }
        return Response.ok(jpeg, "image/jpeg").tag(tag).cacheControl(REVALIDATE).build();
    }
}
