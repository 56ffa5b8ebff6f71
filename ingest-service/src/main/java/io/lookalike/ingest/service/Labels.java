package io.lookalike.ingest.service;

import io.lookalike.common.rest.ProblemException;
import jakarta.ws.rs.core.Response.Status;

/** The member, group and source labels given with an upload, trimmed and checked. */
public record Labels(String member, String group, String source) {
    static final int MAX_LENGTH = 200;

    public static final Labels NONE = new Labels(null, null, null);

    public static Labels of(String member, String group, String source) {
        return new Labels(clean("member", member), clean("group", group), clean("source", source));
    }

    /** Labels of this upload where given, else the fallback's (a manifest row over the form fields). */
    public Labels orElse(Labels fallback) {
        return new Labels(member != null ? member : fallback.member, group != null ? group : fallback.group,
            source != null ? source : fallback.source);
    }

    static String clean(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_LENGTH) {
            throw new ProblemException(Status.BAD_REQUEST, "Label too long",
                "The " + field + " label is longer than " + MAX_LENGTH + " characters.");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new ProblemException(Status.BAD_REQUEST, "Invalid label",
                "The " + field + " label contains control characters.");
        }
        return trimmed;
    }
}
