package io.lookalike.embed.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.Array;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One face found in a photo, with where it is, how good it is and its embedding. */
@Entity
@Table(name = "face")
public class FaceRow extends PanacheEntityBase {
    /** The embedding column's size (V1__faces.sql: vector(512)). */
    public static final int DIMENSION = 512;
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "photo_id")
    public UUID photoId;
    @Column(name = "face_index")
    public int faceIndex;
    @Column(name = "model_id")
    public String modelId;
    public String member;
    @Column(name = "group_name")
    public String group;
    @Column(name = "box_x")
    public int boxX;
    @Column(name = "box_y")
    public int boxY;
    @Column(name = "box_width")
    public int boxWidth;
    @Column(name = "box_height")
    public int boxHeight;
    @Column(name = "image_width")
    public int imageWidth;
    @Column(name = "image_height")
    public int imageHeight;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public float[] landmarks;
    @Column(name = "detection_score")
    public float detectionScore;
    public int size;
    public float quality;
    public float sharpness;
    @JdbcTypeCode(SqlTypes.VECTOR)
    @Array(length = DIMENSION)
    public float[] embedding;
    /** A small JPEG of the face (FaceThumbnail); null on rows written before V3. */
    public byte[] thumbnail;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    public static List<FaceRow> ofPhoto(UUID photoId, String modelId) {
        return list("photoId = ?1 and modelId = ?2 order by faceIndex", photoId, modelId);
    }
}
