package io.lookalike.analysis.rest;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.query.Lookalikes;
import io.lookalike.analysis.query.Members;
import io.lookalike.analysis.query.Scan;
import io.lookalike.analysis.query.Scope;
import io.lookalike.analysis.query.Thumbnails;
import io.lookalike.analysis.service.MemberErasure;
import io.lookalike.common.rest.ApiKeyFilter;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Members and who looks like whom; a member's erasure (MemberErasure). */
@Path("/api/members")
@Produces(MediaType.APPLICATION_JSON)
public class MemberResource {

    /** A member's typical face changes as photos arrive: browsers ask again after a minute. */
    private static final CacheControl A_MINUTE = CacheControl.valueOf("public, max-age=60");

    private final Members members;
    private final Lookalikes lookalikes;
    private final Thumbnails thumbnails;
    private final AnalysisConfig config;
    private final MemberErasure erasure;

    public MemberResource(Members members, Lookalikes lookalikes, Thumbnails thumbnails, AnalysisConfig config,
                          MemberErasure erasure) {
        this.members = members;
        this.lookalikes = lookalikes;
        this.thumbnails = thumbnails;
        this.config = config;
        this.erasure = erasure;
    }

    @GET
    @Operation(summary = "Members with their group, photo and face counts", description = "Optionally one group; 404 for an unknown group.")
    public List<Members.Summary> list(@QueryParam("group") String group) throws SQLException {
        return members.list(Params.group(group));
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One member and its labelled faces, nearest to its mean vector first")
    public Members.Detail get(@PathParam("name") String name) throws SQLException {
        return members.detail(name);
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Erase a member (privacy request): its photos at ingest-service, its named faces at embed-service",
        description = "Needs X-API-Key. ingest-service deletes every photo labelled with the name, and the faces and "
            + "member vector follow; embed-service erases the faces named after the member in others' photos (named "
            + "through People; those photos stay); the name leaves the pair lists. 202 with the counts; 404 when no "
            + "photo or face carries the name; 502/503 problem JSON, saying what was done, when embed-service refuses or is "
            + "away (erase again to finish).")
    public Response erase(@PathParam("name") String name, @HeaderParam(ApiKeyFilter.HEADER) String key,
                          @Context UriInfo uri) {
        MemberErasure.Outcome outcome = erasure.erase(name, uri.getRequestUri().getRawPath(), key);
        return outcome.erased() != null ? Response.accepted(outcome.erased()).build() : Relayed.of(outcome.refusal());
    }

    @GET
    @Path("/{name}/lookalikes")
    @Operation(summary = "The k members (by=face: faces of others) nearest to this member",
        description = "Euclidean distance between unit vectors and cosine similarity. group= limits the candidates; "
            + "scan=exact|index overrides the automatic choice (for comparisons).")
    public Lookalikes.Result lookalikes(@PathParam("name") String name,
                                        @Parameter(description = "1 to lookalike.analysis.max-k, default 10") @QueryParam("k") String k,
                                        @Parameter(description = "member (default) or face") @QueryParam("by") String by,
                                        @QueryParam("group") String group,
                                        @Parameter(description = "auto (default), exact or index") @QueryParam("scan") String scan)
        throws SQLException {
        return lookalikes.of(name, Scope.of(by), Params.group(group), Params.number(k, "k", 10, 1, config.maxK()),
            Scan.of(scan));
    }

    @GET
    @Path("/{name}/thumbnail")
    @Operation(summary = "Redirects (303) to the thumbnail of the member's most typical face, the one nearest its mean vector")
    public Response thumbnail(@PathParam("name") String name) throws SQLException {
        long face = thumbnails.typicalFace(name);
        return Response.seeOther(URI.create("/api/faces/" + face + "/thumbnail")).cacheControl(A_MINUTE).build();
    }
}
