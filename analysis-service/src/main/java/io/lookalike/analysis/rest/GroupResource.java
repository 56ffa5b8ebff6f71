package io.lookalike.analysis.rest;

import io.lookalike.analysis.query.Members;
import io.lookalike.analysis.query.Scope;
import io.lookalike.analysis.query.TeamMap;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Groups (teams) and their 2-D maps. */
@Path("/api/groups")
@Produces(MediaType.APPLICATION_JSON)
public class GroupResource {

    private final Members members;
    private final TeamMap map;

    public GroupResource(Members members, TeamMap map) {
        this.members = members;
        this.map = map;
    }

    @GET
    @Operation(summary = "Groups with their member, photo and face counts")
    public List<Members.Group> list() throws SQLException {
        return members.groups();
    }

    @GET
    @Path("/{group}/map")
    @Operation(summary = "The group as a 2-D map: classical MDS of its distance matrix, with stress",
        description = "by=face maps single faces. At most lookalike.analysis.max-matrix points.")
    public TeamMap.Result map(@PathParam("group") String group, @QueryParam("by") String by) throws SQLException {
        return map.of(Scope.of(by), group);
    }
}
