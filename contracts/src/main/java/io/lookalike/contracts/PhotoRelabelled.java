package io.lookalike.contracts;

import java.util.UUID;

/** The member or group label of a photo changed; consumers update what they derived from it. */
public record PhotoRelabelled(int schemaVersion, UUID photoId, String member, String group) {
    public static final int SCHEMA_VERSION = 1;
}
