package io.lookalike.embed.rest;

import io.lookalike.embed.service.ReembedJob;
import io.lookalike.embed.service.ReembedJob.Progress;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Admin: re-embed every stored photo with the configured model, and watch its progress. */
@Path("/api/admin/reembed")
@Produces(MediaType.APPLICATION_JSON)
public class ReembedResource {
    private final ReembedJob job;

    public ReembedResource(ReembedJob job) {
        this.job = job;
    }

    @POST
    @Operation(summary = "Start re-embedding every stored photo (202; one job at a time)")
    public Response start() {
        return Response.accepted(job.start()).build();
    }

    @GET
    @Operation(summary = "Progress of the current or last re-embed job")
    public Progress progress() {
        return job.progress();
    }
}
