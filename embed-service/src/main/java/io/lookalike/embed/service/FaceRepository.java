package io.lookalike.embed.service;

import io.lookalike.embed.domain.FaceRow;
import io.lookalike.embed.pipeline.Face;
import io.lookalike.embed.pipeline.PipelineResult;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Writes face rows idempotently: a photo's faces for one model are written once (unique photo + index + model),
 * so a redelivered record or a second worker racing on the same photo changes nothing. Storing and erasing one photo
 * take the same lock, and an erased photo is remembered, so faces never outlive their photo.
 */
@ApplicationScoped
public class FaceRepository {

    /** The ids of the photo's faces, stored now or by an earlier delivery; none when the photo was erased. */
    public List<Long> store(UUID photoId, String member, String group, PipelineResult result) {
        List<Long> existing = idsOf(photoId, result.modelId());
        if (!existing.isEmpty()) {
            return existing;
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> insert(photoId, member, group, result));
        } catch (PersistenceException e) {
            List<Long> winner = idsOf(photoId, result.modelId()); // another worker stored them first
            if (winner.isEmpty()) {
                throw e;
            }
            return winner;
        }
    }

    public List<Long> idsOf(UUID photoId, String modelId) {
        return QuarkusTransaction.requiringNew().call(() ->
            FaceRow.ofPhoto(photoId, modelId).stream().map(f -> f.id).toList());
    }

    private List<Long> insert(UUID photoId, String member, String group, PipelineResult result) {
        lock(photoId);
        if (erased(photoId)) { // photos.deleted came while the pipeline ran
            return List.of();
        }
        int main = mainFace(result.faces());
        List<FaceRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < result.faces().size(); i++) {
            Face face = result.faces().get(i);
            FaceRow row = new FaceRow();
            row.photoId = photoId;
            row.faceIndex = i;
            row.modelId = result.modelId();
            row.member = i == main ? member : null; // a photo's label names its main face only
            row.group = group;
            row.boxX = face.box().x();
            row.boxY = face.box().y();
            row.boxWidth = face.box().width();
            row.boxHeight = face.box().height();
            row.imageWidth = result.width();
            row.imageHeight = result.height();
            row.landmarks = face.landmarks();
            row.detectionScore = face.score();
            row.size = face.size();
            row.quality = (float) face.quality().score();
            row.sharpness = (float) face.quality().sharpness();
            row.embedding = face.embedding();
            row.thumbnail = face.thumbnail();
            row.persist();
            rows.add(row);
        }
        FaceRow.flush();
        return rows.stream().map(r -> r.id).toList();
    }

    /** The largest face is the one a labelled portrait is about. */
    static int mainFace(List<Face> faces) {
        int main = 0;
        for (int i = 1; i < faces.size(); i++) {
            if (faces.get(i).size() > faces.get(main).size()) {
                main = i;
            }
        }
        return main;
    }

    /** New labels for a photo: the member moves to the main face, the group applies to every face. */
    @Transactional
    public int relabel(UUID photoId, String member, String group) {
        List<FaceRow> faces = FaceRow.list("photoId", photoId);
        FaceRow main = faces.stream().max(Comparator.comparingInt((FaceRow f) -> f.size).thenComparing(f -> -f.faceIndex))
            .orElse(null);
        for (FaceRow face : faces) {
            face.member = face == main ? member : null;
            face.group = group;
        }
        return faces.size();
    }

    /** Labels faces one by one (FaceLabelResource); the group is kept when none is given. */
    @Transactional
    public int label(List<Long> faceIds, String member, String group) {
        List<FaceRow> rows = FaceRow.list("id in ?1", faceIds);
        for (FaceRow face : rows) {
            face.member = member;
            if (group != null) {
                face.group = group;
            }
        }
        return rows.size();
    }

    /**
     * Erases the faces labelled with the member wherever they are (a privacy request): in others' photos these were
     * named one by one through People; the photos stay, the face rows go.
     */
    @Transactional
    public List<ErasedFace> eraseMember(String member) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = FaceRow.getEntityManager()
            .createNativeQuery("DELETE FROM embed.face WHERE member = ?1 RETURNING id, photo_id")
            .setParameter(1, member).getResultList();
        return rows.stream().map(r -> new ErasedFace(((Number) r[0]).longValue(), (UUID) r[1])).toList();
    }

    /** A face erased with its member, and the photo it was in. */
    public record ErasedFace(long faceId, UUID photoId) {
    }

    /** Erases the photo's faces (thumbnails with them) and remembers the photo, so a late worker stores nothing. */
    @Transactional
    public long deletePhoto(UUID photoId) {
        lock(photoId);
        FaceRow.getEntityManager()
            .createNativeQuery("INSERT INTO embed.erased_photo (photo_id) VALUES (?1) ON CONFLICT DO NOTHING")
            .setParameter(1, photoId).executeUpdate();
        return FaceRow.delete("photoId", photoId);
    }

    private static boolean erased(UUID photoId) {
        return !FaceRow.getEntityManager().createNativeQuery("SELECT 1 FROM embed.erased_photo WHERE photo_id = ?1")
            .setParameter(1, photoId).getResultList().isEmpty();
    }

    /** A lock on one photo until the transaction ends (two-key advisory lock: its own key space). */
    private static void lock(UUID photoId) {
        FaceRow.getEntityManager()
            .createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext('embed.face'), hashtext(?1))")
            .setParameter(1, photoId.toString()).getSingleResult();
    }
}
