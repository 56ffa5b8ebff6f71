package io.lookalike.analysis.service;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * Classical (Torgerson) multidimensional scaling: double-centre the squared distances, B = −½ J D² J, and take the
 * top eigenvectors of B scaled by √λ. For distances that truly are Euclidean in two dimensions this recovers the
 * points up to rotation, reflection and translation. The eigen-decomposition is commons-math's.
 */
public final class ClassicalMds {

    /**
     * @param points    n rows of {@code dims} coordinates
     * @param stress    Kruskal's stress-1 of the map against the input distances (0 = every distance kept)
     * @param explained share of the positive eigenvalue mass the kept dimensions carry
     */
    public record Embedding(double[][] points, double stress, double explained) {
    }

    private ClassicalMds() {
    }

    public static Embedding embed(double[][] distances, int dims) {
        int n = distances.length;
        if (n == 0) {
            return new Embedding(new double[0][dims], 0, 1);
        }
        double[][] b = doubleCentredSquares(distances);
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(b, false));
        double[] values = eigen.getRealEigenvalues();
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> values[i]).reversed());
        double positive = Arrays.stream(values).filter(v -> v > 0).sum();
        double kept = 0;
        double[][] points = new double[n][dims];
        for (int k = 0; k < Math.min(dims, n); k++) {
            double lambda = Math.max(0, values[order[k]]);
            kept += lambda;
            RealVector v = eigen.getEigenvector(order[k]);
            double sign = largestIsPositive(v); // eigenvectors have no sign of their own: pick one, reproducibly
            for (int i = 0; i < n; i++) {
                points[i][k] = sign * v.getEntry(i) * Math.sqrt(lambda);
            }
        }
        return new Embedding(points, stress(distances, points), positive > 0 ? kept / positive : 1);
    }

    static double[][] doubleCentredSquares(double[][] d) {
        int n = d.length;
        double[][] sq = new double[n][n];
        double[] rowMean = new double[n];
        double grand = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                sq[i][j] = d[i][j] * d[i][j];
                rowMean[i] += sq[i][j] / n;
            }
            grand += rowMean[i] / n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                sq[i][j] = -0.5 * (sq[i][j] - rowMean[i] - rowMean[j] + grand); // D² is symmetric: column mean = row mean
            }
        }
        return sq;
    }

    /** Kruskal's stress-1: √(Σ (d − δ)² / Σ d²) over pairs, δ the distance on the map. */
    public static double stress(double[][] d, double[][] points) {
        double residual = 0;
        double total = 0;
        for (int i = 0; i < d.length; i++) {
            for (int j = i + 1; j < d.length; j++) {
                double delta = 0;
                for (int k = 0; k < points[i].length; k++) {
                    double diff = points[i][k] - points[j][k];
                    delta += diff * diff;
                }
                double r = d[i][j] - Math.sqrt(delta);
                residual += r * r;
                total += d[i][j] * d[i][j];
            }
        }
        return total == 0 ? 0 : Math.sqrt(residual / total);
    }

    private static double largestIsPositive(RealVector v) {
        int at = 0;
        for (int i = 1; i < v.getDimension(); i++) {
            if (Math.abs(v.getEntry(i)) > Math.abs(v.getEntry(at))) {
                at = i;
            }
        }
        return v.getEntry(at) < 0 ? -1 : 1;
    }
}
