package io.lookalike.analysis.rest;

import io.lookalike.analysis.service.MemberRefresh;
import io.lookalike.analysis.service.MemberVectors;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Operations: recompute derived data on demand (after a restore, a bulk load, or in tests). */
@Path("/api/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final MemberRefresh refresh;

    public AdminResource(MemberRefresh refresh) {
        this.refresh = refresh;
    }

    @POST
    @Path("/members/recompute")
    @Operation(summary = "Recompute every member vector from embed.face now (X-API-Key)",
        description = "Normally events and the periodic reconcile do this; answers what changed.")
    public MemberVectors.Change recompute() throws SQLException {
        return refresh.recomputeNow();
    }
}
