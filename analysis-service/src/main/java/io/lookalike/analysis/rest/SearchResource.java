package io.lookalike.analysis.rest;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.query.FaceSearch;
import io.lookalike.analysis.query.Scan;
import io.lookalike.analysis.query.Scope;
import io.lookalike.common.rest.ApiKeyFilter;
import io.lookalike.common.rest.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** "Who looks like this photo?" */
@Path("/api/search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    private final FaceSearch search;
    private final AnalysisConfig config;

    public SearchResource(FaceSearch search, AnalysisConfig config) {
        this.search = search;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "The faces of a photo (multipart part 'image') and, for each, its k nearest members",
        description = "by=face ranks faces instead; group= limits the candidates. sameLikely marks matches within "
            + "the same-person threshold. Needs X-API-Key; nothing is stored.")
    public FaceSearch.Result search(@RestForm("image") FileUpload image, @HeaderParam(ApiKeyFilter.HEADER) String key,
                                    @QueryParam("k") String k, @QueryParam("by") String by,
                                    @QueryParam("group") String group, @QueryParam("scan") String scan) throws SQLException {
        if (image == null) {
            throw new ProblemException(Status.BAD_REQUEST, "No image", "Send the photo as the multipart part 'image'.");
        }
        int n = Params.number(k, "k", 5, 1, config.maxK());
        Scope scope = Scope.of(by);
        Scan how = Scan.of(scan);
        var embedded = search.embed(image.uploadedFile(), image.fileName(), image.contentType(), key);
        return search.matches(embedded, scope, Params.group(group), n, how);
    }
}
