package io.lookalike.analysis.query;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** One place in a ranking: 1 is the nearest (or, for "farthest" rankings, the farthest). */
public record Ranked(int rank, @JsonUnwrapped Subject subject, double distance, double cosine) {

    public Ranked(int rank, Subject subject, Distance d) {
        this(rank, subject, d.distance(), d.cosine());
    }
}
