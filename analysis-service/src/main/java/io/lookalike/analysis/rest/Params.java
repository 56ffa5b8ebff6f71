package io.lookalike.analysis.rest;

import io.lookalike.common.rest.ProblemException;
import jakarta.ws.rs.core.Response.Status;

/**
 * Query parameters arrive as text and are checked here, so a bad value is a 400 that says what is allowed (a
 * JAX-RS int parameter that fails to parse would be a bare 404).
 */
final class Params {

    private Params() {
    }

    static int number(String value, String name, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // same answer as out of range
        }
        throw new ProblemException(Status.BAD_REQUEST, "Bad parameter",
            name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'.");
    }

    static String group(String group) {
        return group == null || group.isBlank() ? null : group;
    }
}
