package io.lookalike.analysis.query;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lookalike.analysis.client.EmbedClient;
import io.lookalike.analysis.client.EmbedClient.EmbedResult;
import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.query.Neighbours.Filter;
import io.lookalike.analysis.client.EmbedProblems;
import io.lookalike.common.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/**
 * "Who looks like this photo?": embed-service finds and embeds the photo's faces, then each face gets its
 * nearest members (or faces). The key sent to embed-service is {@code lookalike.embed.api-key} when configured,
 * else the caller's own key: our key filter already accepted it and the stack's services share their keys.
 */
@ApplicationScoped
public class FaceSearch {
    private static final Logger LOG = Logger.getLogger(FaceSearch.class);

    public record Match(@JsonUnwrapped Ranked ranked, boolean sameLikely) {
    }

    public record FaceMatches(EmbedClient.Box box, float score, double quality, List<Match> matches) {
    }

    public record Result(String modelId, int width, int height, String by, List<FaceMatches> faces) {
    }

    private final EmbedClient embed;
    private final ObjectMapper json;
    private final Optional<String> embedKey;
    private final DataSource db;
    private final Neighbours neighbours;
    private final AnalysisConfig config;

    public FaceSearch(@RestClient EmbedClient embed, ObjectMapper json,
                      @ConfigProperty(name = "lookalike.embed.api-key") Optional<String> embedKey,
                      DataSource db, Neighbours neighbours, AnalysisConfig config) {
        this.embed = embed;
        this.json = json;
        this.embedKey = embedKey.filter(k -> !k.isBlank());
        this.db = db;
        this.neighbours = neighbours;
        this.config = config;
    }

    public EmbedResult embed(Path image, String fileName, String contentType, String callerKey) {
        ClientMultipartForm form = ClientMultipartForm.create().binaryFileUpload("image",
            fileName == null ? "image" : fileName, image.toString(),
            contentType == null ? "application/octet-stream" : contentType);
        Response response;
        try {
            response = embed.embed(form, embedKey.orElse(callerKey));
        } catch (ProcessingException e) {
            LOG.warnf("embed-service unreachable: %s", e.getMessage());
            throw new ProblemException(Status.SERVICE_UNAVAILABLE, "Face embedding unavailable",
                "embed-service, which finds the faces in a photo, cannot be reached; try again shortly.");
        }
        try (response) {
            if (response.getStatus() == 200) {
                return response.readEntity(EmbedResult.class);
            }
            int status = response.getStatus();
            String detail = EmbedProblems.detail(json, status, response.readEntity(String.class));
            if (status == 401 || status >= 500) {
                // our key or their failure: the caller's photo is not at fault
                throw new ProblemException(Status.BAD_GATEWAY, "Face embedding failed", detail);
            }
            throw new ProblemException(status, status == 415 ? "Not an image we accept" : "Image refused", detail);
        }
    }

    @Transactional
    public Result matches(EmbedResult embedded, Scope scope, String group, int k, Scan scan) throws SQLException {
        if (!config.modelId().equals(embedded.modelId())) {
            throw new ProblemException(Status.CONFLICT, "Different embedding model",
                "embed-service embeds with " + embedded.modelId() + " but the stored vectors are of "
                    + config.modelId() + "; they cannot be compared.");
        }
        double threshold = config.people().threshold();
        List<FaceMatches> faces = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            for (EmbedClient.Face face : embedded.faces()) {
                List<Match> matches = neighbours.nearest(c, scope, face.embedding(), face.embedding(),
                        new Filter(group, null), k, scan).stream()
                    .map(r -> new Match(r, r.distance() <= threshold)).toList();
                faces.add(new FaceMatches(face.box(), face.score(), face.quality(), matches));
            }
        }
        return new Result(embedded.modelId(), embedded.width(), embedded.height(), scope.name().toLowerCase(), faces);
    }
}
