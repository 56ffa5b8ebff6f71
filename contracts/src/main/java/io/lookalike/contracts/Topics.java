package io.lookalike.contracts;

/** Every Kafka topic of the system, named once. Each consuming channel has its own dead-letter topic. */
public final class Topics {
    public static final String PHOTOS_UPLOADED = "photos.uploaded";
    public static final String PHOTOS_RELABELLED = "photos.relabelled";
    public static final String PHOTOS_DELETED = "photos.deleted";
    public static final String PHOTOS_REJECTED = "photos.rejected";
    public static final String FACES_EMBEDDED = "faces.embedded";
    public static final String PHOTOS_UPLOADED_DLQ = "photos.uploaded.dlq";

    /** Workers scale up to the partition count, so no environment may have fewer. */
    public static final int MIN_PARTITIONS = 6;

    public static final String[] ALL = {
        PHOTOS_UPLOADED, PHOTOS_RELABELLED, PHOTOS_DELETED, PHOTOS_REJECTED, FACES_EMBEDDED, PHOTOS_UPLOADED_DLQ
    };

    private Topics() {
    }
}
