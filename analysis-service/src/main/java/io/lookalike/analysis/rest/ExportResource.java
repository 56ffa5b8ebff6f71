package io.lookalike.analysis.rest;

import io.lookalike.analysis.query.Exports;
import io.lookalike.analysis.query.Scope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The study's files, for numpy/pandas or OpenFace's own scripts. */
@Path("/api/export")
@Produces("text/csv")
public class ExportResource {

    @FunctionalInterface
    private interface Csv {
        void write(Writer out) throws Exception;
    }

    private final Exports exports;

    public ExportResource(Exports exports) {
        this.exports = exports;
    }

    @GET
    @Path("/reps.csv")
    @Operation(summary = "One vector per line: members (default) or labelled faces (by=face), in labels.csv order")
    public Response reps(@QueryParam("by") String by, @QueryParam("group") String group) {
        Scope scope = Scope.of(by);
        return csv("reps.csv", out -> exports.reps(scope, Params.group(group), out));
    }

    @GET
    @Path("/labels.csv")
    @Operation(summary = "OpenFace's labels.csv: class number (1… by member name) and path, one line per reps.csv line")
    public Response labels(@QueryParam("by") String by, @QueryParam("group") String group) {
        Scope scope = Scope.of(by);
        return csv("labels.csv", out -> exports.labels(scope, Params.group(group), out));
    }

    @GET
    @Path("/distances.csv")
    @Operation(summary = "The Euclidean distance matrix with names as first row and column (at most lookalike.analysis.max-matrix)")
    public Response distances(@QueryParam("by") String by, @QueryParam("group") String group)
        throws SQLException, IOException {
        // built before the response starts, so a 400 (too many) is still a proper problem answer
        StringWriter text = new StringWriter();
        exports.distances(Scope.of(by), Params.group(group), text);
        return Response.ok(text.toString()).header("Content-Disposition", "attachment; filename=\"distances.csv\"").build();
    }

    private static Response csv(String name, Csv body) {
        StreamingOutput stream = output -> {
            Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 1 << 16);
            try {
                body.write(out);
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
            out.flush();
        };
        return Response.ok(stream).header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }
}
