package io.lookalike.analysis.rest;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.query.PairDistance;
import io.lookalike.analysis.query.PairRanking;
import io.lookalike.analysis.query.Scan;
import io.lookalike.analysis.query.Scope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The most and least alike pairs, and any one pair's distance. */
@Path("/api/pairs")
@Produces(MediaType.APPLICATION_JSON)
public class PairResource {

    private final PairRanking ranking;
    private final PairDistance distance;
    private final AnalysisConfig config;

    public PairResource(PairRanking ranking, PairDistance distance, AnalysisConfig config) {
        this.ranking = ranking;
        this.distance = distance;
        this.config = config;
    }

    @GET
    @Path("/most-alike")
    @Operation(summary = "The k closest pairs of members (by=face: of faces of different people and photos)",
        description = "Found with one k-NN search per member, not an n² join. group= keeps both within one group.")
    public PairRanking.Result mostAlike(@Parameter(description = "1 to lookalike.analysis.max-k, default 5") @QueryParam("k") String k,
                                        @QueryParam("group") String group, @QueryParam("by") String by,
                                        @Parameter(description = "auto (default), exact or index") @QueryParam("scan") String scan)
        throws SQLException {
        return ranking.mostAlike(Scope.of(by), Params.group(group), Params.number(k, "k", 5, 1, config.maxK()), Scan.of(scan));
    }

    @GET
    @Path("/least-alike")
    @Operation(summary = "The k farthest pairs", description = "Nearest neighbours of each negated vector, through the same index.")
    public PairRanking.Result leastAlike(@Parameter(description = "1 to lookalike.analysis.max-k, default 5") @QueryParam("k") String k,
                                         @QueryParam("group") String group, @QueryParam("by") String by,
                                         @Parameter(description = "auto (default), exact or index") @QueryParam("scan") String scan)
        throws SQLException {
        return ranking.leastAlike(Scope.of(by), Params.group(group), Params.number(k, "k", 5, 1, config.maxK()), Scan.of(scan));
    }

    @GET
    @Path("/{a}/{b}")
    @Operation(summary = "The distance between two members")
    public PairDistance.Result between(@PathParam("a") String a, @PathParam("b") String b) throws SQLException {
        return distance.between(a, b);
    }
}
