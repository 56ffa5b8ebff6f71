package io.lookalike.analysis.rest;

import io.lookalike.analysis.query.Scan;
import io.lookalike.analysis.query.SuggestedPeople;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Faces nobody has labelled yet, grouped into probable persons. */
@Path("/api/people")
@Produces(MediaType.APPLICATION_JSON)
public class PeopleResource {

    private final SuggestedPeople people;

    public PeopleResource(SuggestedPeople people) {
        this.people = people;
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
}
