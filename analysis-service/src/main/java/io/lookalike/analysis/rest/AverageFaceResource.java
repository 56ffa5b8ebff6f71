package io.lookalike.analysis.rest;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.query.AverageFace;
import io.lookalike.analysis.query.Scan;
import io.lookalike.analysis.query.Scope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Who has the most (and the least) "average" face of the group. */
@Path("/api/average-face")
@Produces(MediaType.APPLICATION_JSON)
public class AverageFaceResource {

    private final AverageFace average;
    private final AnalysisConfig config;

    public AverageFaceResource(AverageFace average, AnalysisConfig config) {
        this.average = average;
        this.config = config;
    }

    @GET
    @Path("/closest")
    @Operation(summary = "The k members (by=face: faces) closest to the mean vector (avg(vector)) of everyone or one group")
    public AverageFace.Result closest(@Parameter(description = "1 to lookalike.analysis.max-k, default 10") @QueryParam("k") String k,
                                      @QueryParam("group") String group, @QueryParam("by") String by,
                                      @Parameter(description = "auto (default), exact or index") @QueryParam("scan") String scan)
        throws SQLException {
        return average.closest(Scope.of(by), Params.group(group), Params.number(k, "k", 10, 1, config.maxK()), Scan.of(scan));
    }

    @GET
    @Path("/farthest")
    @Operation(summary = "The k members (by=face: faces) farthest from the mean vector")
    public AverageFace.Result farthest(@Parameter(description = "1 to lookalike.analysis.max-k, default 10") @QueryParam("k") String k,
                                       @QueryParam("group") String group, @QueryParam("by") String by,
                                       @Parameter(description = "auto (default), exact or index") @QueryParam("scan") String scan)
        throws SQLException {
        return average.farthest(Scope.of(by), Params.group(group), Params.number(k, "k", 10, 1, config.maxK()), Scan.of(scan));
    }
}
