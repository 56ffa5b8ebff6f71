package io.lookalike.ingest.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** The uploaded bytes of a photo, exactly as received. */
@Entity
@Table(name = "photo_content")
public class PhotoContent extends PanacheEntityBase {
    @Id
    @Column(name = "photo_id")
    public UUID photoId;
    public byte[] bytes;

    public static PhotoContent of(UUID photoId, byte[] bytes) {
        PhotoContent content = new PhotoContent();
        content.photoId = photoId;
        content.bytes = bytes;
        return content;
    }
}
