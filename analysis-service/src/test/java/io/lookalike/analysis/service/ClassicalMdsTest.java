package io.lookalike.analysis.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Classical MDS recovers points that truly lie in a plane, up to rotation, reflection and translation. */
class ClassicalMdsTest {

    @Test
    void planarPointsAreRecoveredWithZeroStress() {
        Random random = new Random(7);
        int n = 40;
        double[][] points = new double[n][2];
        for (double[] p : points) {
            p[0] = random.nextGaussian() * 3;
            p[1] = random.nextGaussian();
        }
        double[][] d = distances(points);
        ClassicalMds.Embedding map = ClassicalMds.embed(d, 2);
        assertTrue(map.stress() < 1e-9, "stress " + map.stress());
        assertEquals(1, map.explained(), 1e-9);
        // a map that keeps every pairwise distance in the plane is the original up to a rigid motion
        double[][] recovered = distances(map.points());
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(d[i][j], recovered[i][j], 1e-9);
            }
        }
        // and the map is centred, as classical MDS puts the centroid at the origin
        double cx = 0;
        double cy = 0;
        for (double[] p : map.points()) {
            cx += p[0] / n;
            cy += p[1] / n;
        }
        assertEquals(0, cx, 1e-9);
        assertEquals(0, cy, 1e-9);
    }

    @Test
    void pointsOffThePlaneShowStress() {
        Random random = new Random(8);
        double[][] points = new double[30][3];
        for (double[] p : points) {
            for (int k = 0; k < 3; k++) {
                p[k] = random.nextGaussian();
            }
        }
        ClassicalMds.Embedding map = ClassicalMds.embed(distances(points), 2);
        assertTrue(map.stress() > 0.05, "stress " + map.stress());
        assertTrue(map.explained() < 0.95 && map.explained() > 0.4, "explained " + map.explained());
    }

    @Test
    void tinyInputsWork() {
        assertEquals(0, ClassicalMds.embed(new double[0][0], 2).points().length);
        assertEquals(0, ClassicalMds.embed(new double[][] {{0}}, 2).points()[0][0], 1e-12);
        ClassicalMds.Embedding two = ClassicalMds.embed(new double[][] {{0, 1.5}, {1.5, 0}}, 2);
        assertEquals(1.5, Math.hypot(two.points()[0][0] - two.points()[1][0], two.points()[0][1] - two.points()[1][1]), 1e-9);
    }

    private static double[][] distances(double[][] points) {
        int n = points.length;
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < points[i].length; k++) {
                    s += (points[i][k] - points[j][k]) * (points[i][k] - points[j][k]);
                }
                d[i][j] = Math.sqrt(s);
            }
        }
        return d;
    }
}
