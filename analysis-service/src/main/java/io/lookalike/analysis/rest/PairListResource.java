package io.lookalike.analysis.rest;

import io.lookalike.analysis.domain.MemberPair;
import io.lookalike.analysis.domain.PairList;
import io.lookalike.analysis.query.PairListRanking;
import io.lookalike.analysis.service.PairLists;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Pair lists ("CP lists"): named hand-picked pairs, ranked live by likeness. */
@Path("/api/pair-lists")
@Produces(MediaType.APPLICATION_JSON)
public class PairListResource {

    public record Pair(String a, String b) {
    }

    public record NewPairList(String name, List<Pair> pairs) {
    }

    public record PairListView(long id, String name, Instant createdAt, List<Pair> pairs) {
        static PairListView of(PairList list) {
            return new PairListView(list.id, list.name, list.createdAt,
                list.pairs.stream().map(p -> new Pair(p.a, p.b)).toList());
        }
    }

    public record PairListSummary(long id, String name, Instant createdAt, int pairCount) {
    }

    private final PairLists lists;
    private final PairListRanking ranking;

    public PairListResource(PairLists lists, PairListRanking ranking) {
        this.lists = lists;
        this.ranking = ranking;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a pair list", description = "{\"name\": …, \"pairs\": [{\"a\": member, \"b\": member}, …]}; "
        + "every member must exist (422 names the unknown ones). Needs X-API-Key.")
    public Response create(NewPairList request) {
        if (request == null) {
            return create(new NewPairList(null, null));
        }
        List<MemberPair> pairs = request.pairs() == null ? null
            : request.pairs().stream().map(p -> p == null ? null : new MemberPair(p.a(), p.b())).toList();
        PairList list = lists.create(request.name(), pairs);
        return Response.created(URI.create("/api/pair-lists/" + list.id)).entity(PairListView.of(list)).build();
    }

    @GET
    @Operation(summary = "All pair lists")
    public List<PairListSummary> list() {
        return lists.all().stream().map(l -> new PairListSummary(l.id, l.name, l.createdAt, l.pairs.size())).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One pair list as it was given")
    public PairListView get(@PathParam("id") long id) {
        return PairListView.of(lists.require(id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a pair list (X-API-Key)")
    public Response delete(@PathParam("id") long id) {
        lists.delete(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/ranking")
    @Operation(summary = "The list's pairs ranked by likeness now, most alike first",
        description = "Pairs whose member has no vector (any more) come last, unranked, with the missing names.")
    public PairListRanking.Result ranking(@PathParam("id") long id) throws SQLException {
        return ranking.rank(id);
    }
}
