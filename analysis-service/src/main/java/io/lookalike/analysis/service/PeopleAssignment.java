package io.lookalike.analysis.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lookalike.analysis.client.FaceLabelClient;
import io.lookalike.analysis.client.EmbedProblems;
import io.lookalike.common.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * "These unlabelled faces are NAME": embed-service labels the faces (it owns them), then the member's vector is
 * recomputed at once, so the answer and the next page load already count them. Key as in FaceSearch.
 */
@ApplicationScoped
public class PeopleAssignment {
    private static final Logger LOG = Logger.getLogger(PeopleAssignment.class);

    public record Request(String member, String group, List<Long> faceIds) {
    }

    public record Result(int assigned, String member, String group) {
    }

    private record Labelled(int labelled, String member, String group) {
    }

    private final FaceLabelClient embed;
    private final MemberRefresh refresh;
    private final ObjectMapper json;
    private final Optional<String> embedKey;

    public PeopleAssignment(@RestClient FaceLabelClient embed, MemberRefresh refresh, ObjectMapper json,
                            @ConfigProperty(name = "lookalike.embed.api-key") Optional<String> embedKey) {
        this.embed = embed;
        this.refresh = refresh;
        this.json = json;
        this.embedKey = embedKey.filter(k -> !k.isBlank());
    }

    public Result assign(Request request, String callerKey) throws SQLException {
        if (request == null || request.member() == null || request.member().isBlank()) {
            throw new ProblemException(Status.BAD_REQUEST, "No member", "Send member: the name the faces belong to.");
        }
        if (request.faceIds() == null || request.faceIds().isEmpty()) {
            throw new ProblemException(Status.BAD_REQUEST, "No faces", "Send faceIds: the faces to name.");
        }
        Labelled labelled = label(new FaceLabelClient.Labels(request.faceIds(), request.member(), request.group()),
            embedKey.orElse(callerKey));
        refresh.labelled(labelled.member());
        return new Result(labelled.labelled(), labelled.member(), labelled.group());
    }

    private Labelled label(FaceLabelClient.Labels labels, String key) {
        Response response;
        try {
            response = embed.label(labels, key);
        } catch (ProcessingException e) {
            LOG.warnf("embed-service unreachable: %s", e.getMessage());
            throw new ProblemException(Status.SERVICE_UNAVAILABLE, "Face labels unavailable",
                "embed-service, which keeps the faces, cannot be reached; try again shortly.");
        }
        try (response) {
            String body = response.readEntity(String.class);
            if (response.getStatus() == 200) {
                return json.readValue(body, Labelled.class);
            }
            int status = response.getStatus();
            throw new ProblemException(status == 401 || status >= 500 ? Status.BAD_GATEWAY.getStatusCode() : status,
                status == 404 ? "No such faces" : "Labelling failed", EmbedProblems.detail(json, status, body));
        } catch (IOException e) {
            throw new ProblemException(Status.BAD_GATEWAY, "Labelling failed", "embed-service's answer was not readable.");
        }
    }
}
