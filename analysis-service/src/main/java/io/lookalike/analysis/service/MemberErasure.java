package io.lookalike.analysis.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lookalike.analysis.client.EmbedProblems;
import io.lookalike.analysis.client.FaceLabelClient;
import io.lookalike.analysis.client.IngestGateway;
import io.lookalike.common.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * A member's privacy request on the dashboard's origin. ingest-service owns the photos and erases those labelled with
 * the name; faces and the member's vector follow from its photos.deleted events. Faces named through People in other
 * members' photos carry the name too, and no event would remove them: embed-service erases those here (the photos
 * stay). Pair lists name members by hand, so the name leaves them here as well.
 */
@ApplicationScoped
public class MemberErasure {
    private static final Logger LOG = Logger.getLogger(MemberErasure.class);

    /**
     * What was erased: the member's photos, and every face labelled with the name at once (those of its own photos
     * would follow from photos.deleted anyway), of them {@code facesInOthersPhotos} named through People elsewhere.
     */
    public record Erased(String member, int photos, List<UUID> photoIds, int faces, long facesInOthersPhotos) {
    }

    /** Either what was erased, or ingest-service's refusal (401, 404 with no named face either, 503…) to pass on. */
    public record Outcome(Erased erased, HttpResponse<byte[]> refusal) {
    }

    private record PhotosErased(String member, int photos, List<UUID> photoIds) {
        PhotosErased {
            photoIds = photoIds == null ? List.of() : photoIds;
        }
    }

    private record ErasedFace(long faceId, UUID photoId) {
    }

    private record FacesErased(String member, List<ErasedFace> faces) {
    }

    private final IngestGateway ingest;
    private final FaceLabelClient embed;
    private final PairLists pairLists;
    private final MemberRefresh refresh;
    private final ObjectMapper json;
    private final Optional<String> embedKey;

    public MemberErasure(IngestGateway ingest, @RestClient FaceLabelClient embed, PairLists pairLists,
                         MemberRefresh refresh, ObjectMapper json,
                         @ConfigProperty(name = "lookalike.embed.api-key") Optional<String> embedKey) {
        this.ingest = ingest;
        this.embed = embed;
        this.pairLists = pairLists;
        this.refresh = refresh;
        this.json = json;
        this.embedKey = embedKey.filter(k -> !k.isBlank());
    }

    /** {@code DELETE rawPath} at ingest-service, then the named faces at embed-service. */
    public Outcome erase(String name, String rawPath, String apiKey) {
        String member = name.strip();
        HttpResponse<byte[]> answer = ingest.relay("DELETE", rawPath, null, apiKey, null);
        boolean hadPhotos = answer.statusCode() / 100 == 2;
        if (!hadPhotos && answer.statusCode() != 404) {
            return new Outcome(null, answer); // refused: nothing erased, the named faces neither
        }
        PhotosErased photos = hadPhotos ? read(answer) : new PhotosErased(member, 0, List.of());
        List<ErasedFace> faces;
        try {
            faces = eraseNamedFaces(member, embedKey.orElse(apiKey), photos.photos());
        } catch (RuntimeException e) {
            if (hadPhotos) {
                forget(member); // the photos are gone whatever embed-service said
            }
            throw e;
        }
        if (!hadPhotos && faces.isEmpty()) {
            return new Outcome(null, answer); // ingest-service's 404: no such member anywhere
        }
        forget(member);
        Set<UUID> own = Set.copyOf(photos.photoIds());
        long elsewhere = faces.stream().filter(f -> !own.contains(f.photoId())).count();
        return new Outcome(new Erased(member, photos.photos(), photos.photoIds(), faces.size(), elsewhere), null);
    }

    private void forget(String member) {
        pairLists.forget(member);
        refresh.photoChanged();
    }

    private PhotosErased read(HttpResponse<byte[]> answer) {
        try {
            return json.readValue(answer.body(), PhotosErased.class);
        } catch (IOException e) {
            throw new ProblemException(Status.BAD_GATEWAY, "Erasure unclear", "ingest-service's answer was not readable.");
        }
    }

    /** The faces named after the member anywhere; on failure, says what was already done and that a retry finishes. */
    private List<ErasedFace> eraseNamedFaces(String member, String key, int photosErased) {
        String done = photosErased > 0 ? member + "'s " + photosErased + " photos were erased, but the faces named "
            + member + " in others' photos were not: " : "The faces named " + member + " were not erased: ";
        Response response;
        try {
            response = embed.erase(member, key);
        } catch (ProcessingException e) {
            LOG.warnf("embed-service unreachable: %s", e.getMessage());
            throw new ProblemException(Status.SERVICE_UNAVAILABLE, "Erasure incomplete",
                done + "embed-service cannot be reached. Erase the member again to finish.");
        }
        try (response) {
            String body = response.readEntity(String.class);
            if (response.getStatus() == 200) {
                return json.readValue(body, FacesErased.class).faces();
            }
            throw new ProblemException(Status.BAD_GATEWAY, "Erasure incomplete",
                done + EmbedProblems.detail(json, response.getStatus(), body) + " Erase the member again to finish.");
        } catch (IOException e) {
            throw new ProblemException(Status.BAD_GATEWAY, "Erasure incomplete", done + "embed-service's answer was not readable.");
        }
    }
}
