package io.lookalike.analysis.rest;

import io.lookalike.analysis.query.Scope;
import io.lookalike.analysis.query.TeamMap;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Everyone on one 2-D map. */
@Path("/api/map")
@Produces(MediaType.APPLICATION_JSON)
public class MapResource {

    private final TeamMap map;

    public MapResource(TeamMap map) {
        this.map = map;
    }

    @GET
    @Operation(summary = "Everyone as a 2-D map (classical MDS), with stress",
        description = "At most lookalike.analysis.max-matrix points; otherwise a 400 that suggests a group's map.")
    public TeamMap.Result map(@QueryParam("by") String by) throws SQLException {
        return map.of(Scope.of(by), null);
    }
}
