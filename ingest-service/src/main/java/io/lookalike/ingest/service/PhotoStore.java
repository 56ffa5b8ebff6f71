package io.lookalike.ingest.service;

import io.lookalike.common.rest.ProblemException;
import io.lookalike.contracts.PhotoDeleted;
import io.lookalike.contracts.PhotoRelabelled;
import io.lookalike.contracts.PhotoUploaded;
import io.lookalike.contracts.Topics;
import io.lookalike.ingest.domain.Photo;
import io.lookalike.ingest.domain.PhotoContent;
import io.lookalike.ingest.domain.PhotoStatus;
import io.lookalike.common.image.ImageInspector;
import io.lookalike.common.image.ImageInspector.ImageInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response.Status;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Stores photos and announces every change through the outbox, in the same transaction as the change. */
@ApplicationScoped
public class PhotoStore {

    public record Stored(Photo photo, boolean created) {
    }

    private final ImageInspector inspector;
    private final Outbox outbox;
    private final MeterRegistry metrics;

    public PhotoStore(ImageInspector inspector, Outbox outbox, MeterRegistry metrics) {
        this.inspector = inspector;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /** Validates and stores an upload; the same bytes again return the photo already stored, with no new event. */
    public Stored upload(String name, byte[] bytes, Labels labels) {
        ImageInfo info = inspector.inspect(name, bytes);
        String sha256 = sha256(bytes);
        try {
            // one transaction: look for the same bytes, else store photo + bytes + outbox row
            Stored stored = QuarkusTransaction.requiringNew().call(() -> Photo.findBySha256(sha256)
                .map(existing -> new Stored(existing, false))
                .orElseGet(() -> new Stored(insert(sha256, bytes, info, labels), true)));
            if (stored.created()) {
                metrics.counter("lookalike.uploads", "result", "created").increment();
                metrics.summary("lookalike.upload.bytes").record(bytes.length);
            } else {
                metrics.counter("lookalike.uploads", "result", "duplicate").increment();
            }
            return stored;
        } catch (PersistenceException e) {
            // Two uploads of the same bytes raced; the unique sha256 let exactly one in.
            Photo winner = QuarkusTransaction.requiringNew().call(() -> Photo.findBySha256(sha256).orElse(null));
            if (winner == null) {
                throw e;
            }
            return new Stored(winner, false);
        }
    }

    private Photo insert(String sha256, byte[] bytes, ImageInfo info, Labels labels) {
        Instant now = Instant.now();
        Photo photo = new Photo();
        photo.id = UUID.randomUUID();
        photo.sha256 = sha256;
        photo.contentType = info.contentType();
        photo.width = info.width();
        photo.height = info.height();
        photo.sizeBytes = bytes.length;
        photo.member = labels.member();
        photo.group = labels.group();
        photo.source = labels.source();
        photo.status = PhotoStatus.QUEUED;
        photo.uploadedAt = now;
        photo.updatedAt = now;
        photo.persist();
        PhotoContent.of(photo.id, bytes).persist();
        outbox.append(Topics.PHOTOS_UPLOADED, photo.id, new PhotoUploaded(PhotoUploaded.SCHEMA_VERSION, photo.id,
            sha256, photo.contentType, photo.width, photo.height, photo.sizeBytes, photo.member, photo.group,
            photo.source, now));
        Photo.flush(); // surface a duplicate sha256 here, inside the caller's try
        return photo;
    }

    @Transactional
    public Photo relabel(UUID id, Map<String, String> changes) {
        Photo photo = find(id);
        Labels labels = Labels.of(changes.getOrDefault("member", photo.member), changes.getOrDefault("group", photo.group), null);
        photo.member = labels.member();
        photo.group = labels.group();
        photo.updatedAt = Instant.now();
        outbox.append(Topics.PHOTOS_RELABELLED, id,
            new PhotoRelabelled(PhotoRelabelled.SCHEMA_VERSION, id, photo.member, photo.group));
        return photo;
    }

    /**
     * Erases the photo, its bytes and its earlier outbox rows (they name its member and hash); other services forget
     * their derived data on {@code photos.deleted}. An upload event not relayed yet is dropped with its row, so no
     * worker fetches a photo that is gone.
     */
    @Transactional
    public void delete(UUID id) {
        Photo photo = find(id);
        PhotoContent.deleteById(id);
        photo.delete();
        outbox.forget(id);
        outbox.append(Topics.PHOTOS_DELETED, id, new PhotoDeleted(PhotoDeleted.SCHEMA_VERSION, id, Instant.now()));
    }

    /**
     * A privacy request: every photo labelled with this member is deleted as {@link #delete} deletes one, all in one
     * transaction (one {@code photos.deleted} each). 404 when no photo carries the name.
     */
    @Transactional
    public List<UUID> eraseMember(String member) {
        List<UUID> ids = Photo.idsOfMember(member);
        if (ids.isEmpty()) {
            throw new ProblemException(Status.NOT_FOUND, "Unknown member",
                "No photo is labelled '" + member + "' (GET /api/photos?member=NAME lists a member's photos).");
        }
        ids.forEach(this::delete);
        return ids;
    }

    @Transactional
    public byte[] content(UUID id) {
        PhotoContent content = PhotoContent.findById(id);
        if (content == null) {
            throw notFound(id);
        }
        return content.bytes;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Photo find(UUID id) {
        Photo photo = Photo.findById(id);
        if (photo == null) {
            throw notFound(id);
        }
        return photo;
    }

    private static ProblemException notFound(UUID id) {
        return new ProblemException(Status.NOT_FOUND, "No such photo", "There is no photo with id " + id + ".");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
