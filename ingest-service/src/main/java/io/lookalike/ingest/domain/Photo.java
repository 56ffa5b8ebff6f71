package io.lookalike.ingest.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A stored photo's metadata; its bytes live in {@link PhotoContent}. */
@Entity
@Table(name = "photo")
public class Photo extends PanacheEntityBase {
    @Id
    public UUID id;
    public String sha256;
    @Column(name = "content_type")
    public String contentType;
    public int width;
    public int height;
    @Column(name = "size_bytes")
    public long sizeBytes;
    public String member;
    @Column(name = "group_name")
    public String group;
    public String source;
    @Enumerated(EnumType.STRING)
    public PhotoStatus status;
    @Column(name = "face_count")
    public Integer faceCount;
    @Column(name = "reject_reason")
    public String rejectReason;
    @Column(name = "reject_detail")
    public String rejectDetail;
    @Column(name = "uploaded_at")
    public Instant uploadedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static List<UUID> idsOfMember(String member) {
        return getEntityManager().createQuery("select p.id from Photo p where p.member = :member order by p.uploadedAt, p.id",
            UUID.class).setParameter("member", member).getResultList();
    }

    public static Optional<Photo> findBySha256(String sha256) {
        return find("sha256", sha256).firstResultOptional();
    }
}
