package io.lookalike.ingest.service;

import io.lookalike.common.rest.ProblemException;
import jakarta.ws.rs.core.Response.Status;
import java.util.regex.Pattern;

/**
 * File names as uploads and archive entries carry them. Names are only labels here (nothing is written to disk),
 * but a batch item whose name climbs out of its archive, is absolute, has control characters or is giant is
 * refused all the same: such a name is a broken or hostile archive, and it would be echoed back to the client.
 */
public final class UploadNames {
    static final int MAX_LENGTH = 1024;
    private static final int SHOWN = 120;
    private static final Pattern ABSOLUTE = Pattern.compile("^([/\\\\]|[A-Za-z]:)");
    private static final Pattern PARENT = Pattern.compile("(^|[/\\\\])\\.\\.([/\\\\]|$)");

    /** The name as messages show it: control characters as '?', cut after 120 characters. */
    public static String shown(String name) {
        if (name == null || name.isEmpty()) {
            return "(no name)";
        }
        String printable = name.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.codePointCount(0, printable.length()) <= SHOWN ? printable
            : printable.substring(0, printable.offsetByCodePoints(0, SHOWN)) + "…";
    }

    /** Refuses a batch item's name that is no plain relative path of reasonable length. */
    static void requireSafe(String name) {
        String why = name.codePointCount(0, name.length()) > MAX_LENGTH ? "is longer than " + MAX_LENGTH + " characters"
            : name.chars().anyMatch(Character::isISOControl) ? "contains control characters"
            : ABSOLUTE.matcher(name).find() ? "is an absolute path"
            : PARENT.matcher(name).find() ? "climbs out of its folder with '..'"
            : null;
        if (why != null) {
            throw new ProblemException(Status.BAD_REQUEST, "Unsafe file name",
                "'" + shown(name) + "' " + why + ": archive entries and files need plain relative names.");
        }
    }

    private UploadNames() {
    }
}
