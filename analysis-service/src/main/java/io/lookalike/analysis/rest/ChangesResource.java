package io.lookalike.analysis.rest;

import io.lookalike.analysis.service.ChangeNotices;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Live updates for dashboards, as server-sent events. */
@Path("/api/changes")
public class ChangesResource {

    private final ChangeNotices notices;

    public ChangesResource(ChangeNotices notices) {
        this.notices = notices;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change notices (server-sent events): 'connected', then 'members' / 'faces' as data changes, "
        + "'ping' every 20 s", description = "In a browser: new EventSource('/api/changes').")
    public Multi<ChangeNotices.Notice> changes() {
        return notices.stream();
    }
}
