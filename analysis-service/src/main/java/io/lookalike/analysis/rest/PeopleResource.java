package io.lookalike.analysis.rest;

import io.lookalike.analysis.query.Scan;
import io.lookalike.analysis.query.SuggestedPeople;
import io.lookalike.analysis.service.PeopleAssignment;
import io.lookalike.common.rest.ApiKeyFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Faces nobody has labelled yet, grouped into probable persons, and naming them. */
@Path("/api/people")
@Produces(MediaType.APPLICATION_JSON)
public class PeopleResource {

    private final SuggestedPeople people;
    private final PeopleAssignment assignment;

    public PeopleResource(SuggestedPeople people, PeopleAssignment assignment) {
        this.people = people;
        this.assignment = assignment;
    }

    @GET
    @Path("/suggested")
    @Operation(summary = "Unlabelled faces grouped into probable persons, each with its nearest labelled member",
        description = "Faces closer than lookalike.analysis.people.threshold (Euclidean, default 1.08 = cosine 0.42) "
            + "are linked; the newest lookalike.analysis.people.max-faces unlabelled faces are considered. "
            + "minFaces (default 1) hides smaller groups; limit (default 50) caps the answer, largest first.")
    public SuggestedPeople.Result suggested(@QueryParam("group") String group, @QueryParam("minFaces") String minFaces,
                                            @QueryParam("limit") String limit, @QueryParam("scan") String scan)
        throws SQLException {
        return people.suggest(Params.group(group), Params.number(minFaces, "minFaces", 1, 1, 10_000),
            Params.number(limit, "limit", 50, 1, 1000), Scan.of(scan));
    }

    @POST
    @Path("/assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Name faces (e.g. a suggested person): {member, group?, faceIds}; needs X-API-Key",
        description = "embed-service labels the faces; the member's vector is recomputed before the answer.")
    public PeopleAssignment.Result assign(PeopleAssignment.Request request, @HeaderParam(ApiKeyFilter.HEADER) String key)
        throws SQLException {
        return assignment.assign(request, key);
    }
}
