package io.lookalike.contracts;

import java.util.UUID;

/** embed-service could not use a photo; the reason is a {@link Reason} and a detail for people. */
public record PhotoRejected(int schemaVersion, UUID photoId, Reason reason, String detail) {
    public static final int SCHEMA_VERSION = 1;

    public enum Reason { NO_FACE, UNREADABLE, NOT_FOUND, FAILED }
}
