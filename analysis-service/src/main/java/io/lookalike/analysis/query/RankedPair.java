package io.lookalike.analysis.query;

/** One pair in a pair ranking. */
public record RankedPair(int rank, Subject a, Subject b, double distance, double cosine) {

    public RankedPair(int rank, Subject a, Subject b, Distance d) {
        this(rank, a, b, d.distance(), d.cosine());
    }
}
