package io.lookalike.analysis.query;

import io.lookalike.common.rest.ProblemException;
import jakarta.ws.rs.core.Response.Status;
import java.util.Locale;

/** How a nearest-neighbour query runs ({@code ?scan=}): chosen by size (default), exact scan, or HNSW index. */
public enum Scan {
    AUTO, EXACT, INDEX;

    public static Scan of(String scan) {
        if (scan == null || scan.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(scan.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Status.BAD_REQUEST, "Bad parameter",
                "scan must be 'auto', 'exact' or 'index', not '" + scan + "'.");
        }
    }
}
