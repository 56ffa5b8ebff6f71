package io.lookalike.ingest.rest;

import io.lookalike.common.rest.ProblemException;
import io.lookalike.ingest.service.PhotoStore;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A member's privacy request: erase every photo labelled with the name, and with them all that was derived. */
@Path("/api/members")
@Produces(MediaType.APPLICATION_JSON)
public class MemberResource {

    /** What was erased here; faces and member vectors follow as the other services hear photos.deleted. */
    public record Erased(String member, int photos, List<UUID> photoIds) {
    }

    private final PhotoStore store;

    public MemberResource(PhotoStore store) {
        this.store = store;
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Erase a member: every photo labelled with the name (publishes one photos.deleted each)",
        description = "Needs X-API-Key. 202: the photos and their bytes are gone; embed-service and analysis-service "
            + "erase the faces and the member's vector as the events arrive. 404 when no photo carries the name.")
    public Response erase(@PathParam("name") String name) {
        if (name == null || name.isBlank()) {
            throw new ProblemException(Status.BAD_REQUEST, "No member", "Name the member to erase: DELETE /api/members/NAME.");
        }
        List<UUID> ids = store.eraseMember(name.strip());
        return Response.accepted(new Erased(name.strip(), ids.size(), ids)).build();
    }
}
