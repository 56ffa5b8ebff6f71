package io.lookalike.contracts;

import java.time.Instant;
import java.util.UUID;

/** A photo was erased; every service forgets what it holds about it. */
public record PhotoDeleted(int schemaVersion, UUID photoId, Instant deletedAt) {
    public static final int SCHEMA_VERSION = 1;
}
