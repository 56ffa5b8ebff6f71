package io.lookalike.embed.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaceMetricsTest {

    /**
     * Five faces on a line, a0 = 0, a1 = 0.25, b0 = 0.5, a2 = 1, b1 = 1.25. Same-person distances:
     * 0.25, 0.75, 0.75, 1; different-person: 0.25, 0.25, 0.5, 0.5, 1, 1.25.
     */
    private final FaceMetrics metrics = new FaceMetrics(List.of(
            face("a", 0), face("a", 0.25f), face("b", 0.5f), face("a", 1), face("b", 1.25f)));

    @Test
    void aucCountsCorrectlyOrderedPairsWithTiesAsHalf() {
        // same 0.25 beats 4 and ties 2 (5), each 0.75 beats 2 (4), 1 beats 1 and ties 1 (1.5): 10.5 of 4 × 6
        assertEquals(10.5 / 24, metrics.auc(), 1e-12);
    }

    @Test
    void tarAtFarUsesTheStrictestThresholdWithinTheFar() {
        assertEquals(0, metrics.tarAtFar(0.2), 1e-12);       // threshold 0.25: no same pair is below it
        assertEquals(0.25, metrics.tarAtFar(0.5), 1e-12);    // threshold 0.5: one of four
    }

    @Test
    void bestThresholdMaximisesTarMinusFar() {
        FaceMetrics.Threshold best = metrics.bestThreshold();
        assertEquals(1.125, best.distance(), 1e-12);
        assertEquals(1, best.tar(), 1e-12);
        assertEquals(5.0 / 6, best.far(), 1e-12);
        assertEquals(0.5, best.accuracy(), 1e-12);
    }

    @Test
    void rank1IsTheShareOfFacesWhoseNearestNeighbourIsTheSamePerson() {
        assertEquals(2.0 / 5, metrics.rank1(), 1e-12);       // a0 and a1 only
    }

    private static FaceMetrics.Labelled face(String identity, float x) {
        return new FaceMetrics.Labelled(identity, new float[] {x, 0});
    }
}
