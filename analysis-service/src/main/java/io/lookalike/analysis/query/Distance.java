package io.lookalike.analysis.query;

/**
 * How alike two faces are, as the study showed it: Euclidean distance between unit vectors (0 = identical,
 * √2 = unrelated, 2 = opposite) and cosine similarity, which on unit vectors is 1 − d²/2.
 */
public record Distance(double distance, double cosine) {

    public static Distance euclidean(double d) {
        return new Distance(d, 1 - d * d / 2);
    }
}
