package io.lookalike.analysis.rest;

import io.lookalike.analysis.query.Overview;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The counts the dashboard's overview starts with. */
@Path("/api/overview")
@Produces(MediaType.APPLICATION_JSON)
public class OverviewResource {
    private final Overview overview;

    public OverviewResource(Overview overview) {
        this.overview = overview;
    }

    @GET
    @Operation(summary = "Photos (all, queued, embedded, rejected; null when ingest-service does not answer), faces, "
        + "unlabelled faces, members and groups")
    public Overview.Result get() throws SQLException {
        return overview.now();
    }
}
