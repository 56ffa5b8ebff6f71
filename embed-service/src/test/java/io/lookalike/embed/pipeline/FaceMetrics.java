package io.lookalike.embed.pipeline;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Verification and identification figures for labelled embeddings, with the Euclidean distance
 * between unit vectors: pair ROC AUC, TAR at a FAR, the threshold that best separates same from
 * different people, and leave-one-out rank-1 identification.
 */
final class FaceMetrics {

    /** One embedded face and whose it is. */
    record Labelled(String identity, float[] embedding) {
    }

    /** A distance threshold (same person when {@code distance < threshold}) and how it does. */
    record Threshold(double distance, double tar, double far, double accuracy) {
    }

    private final double[] same;
    private final double[] different;
    private final double rank1;

    FaceMetrics(List<Labelled> faces) {
        int n = faces.size();
        double[] sameAll = new double[n * (n - 1) / 2];
        double[] differentAll = new double[n * (n - 1) / 2];
        int s = 0;
        int d = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            double nearest = Double.MAX_VALUE;
            String nearestIdentity = null;
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                double distance = TestPhotos.distance(faces.get(i).embedding(), faces.get(j).embedding());
                boolean samePerson = faces.get(i).identity().equals(faces.get(j).identity());
                if (j > i) {
                    if (samePerson) {
                        sameAll[s++] = distance;
                    } else {
                        differentAll[d++] = distance;
                    }
                }
                if (distance < nearest) {
                    nearest = distance;
                    nearestIdentity = faces.get(j).identity();
                }
            }
            if (faces.get(i).identity().equals(nearestIdentity)) {
                correct++;
            }
        }
        same = Arrays.copyOf(sameAll, s);
        different = Arrays.copyOf(differentAll, d);
        Arrays.sort(same);
        Arrays.sort(different);
        rank1 = (double) correct / n;
    }

    int samePairs() {
        return same.length;
    }

    int differentPairs() {
        return different.length;
    }

    /** Probability that a same-person pair is closer than a different-person pair (ties count half): Mann–Whitney U by ranks. */
    double auc() {
        double[] all = new double[same.length + different.length];
        System.arraycopy(same, 0, all, 0, same.length);
        System.arraycopy(different, 0, all, same.length, different.length);
        double[] ranks = new NaturalRanking(TiesStrategy.AVERAGE).rank(all);
        double differentRankSum = 0;
        for (int i = same.length; i < all.length; i++) {
            differentRankSum += ranks[i];
        }
        double u = differentRankSum - (double) different.length * (different.length + 1) / 2;
        return u / ((double) same.length * different.length);
    }

    /** Fraction of same-person pairs accepted at the strictest threshold that accepts at most {@code far} of the others. */
    double tarAtFar(double far) {
        double threshold = different[(int) Math.floor(far * different.length)];
        return (double) below(same, threshold) / same.length;
    }

    /** The threshold maximising TAR − FAR (Youden's J), half-way between two neighbouring distances. */
    Threshold bestThreshold() {
        Threshold best = null;
        int s = 0;
        int d = 0;
        while (s < same.length || d < different.length) {
            double next = Math.min(head(same, s), head(different, d));
            while (s < same.length && same[s] == next) {
                s++;
            }
            while (d < different.length && different[d] == next) {
                d++;
            }
            double following = Math.min(head(same, s), head(different, d));
            double tar = (double) s / same.length;
            double far = (double) d / different.length;
            if (following != Double.MAX_VALUE && (best == null || tar - far > best.tar() - best.far())) {
                double accuracy = (double) (s + different.length - d) / (same.length + different.length);
                best = new Threshold((next + following) / 2, tar, far, accuracy);
            }
        }
        return best;
    }

    /** Fraction of faces whose nearest other face is the same person. */
    double rank1() {
        return rank1;
    }

    private static double head(double[] sorted, int i) {
        return i < sorted.length ? sorted[i] : Double.MAX_VALUE;
    }

    /** How many of the sorted values are strictly below {@code threshold}. */
    private static int below(double[] sorted, double threshold) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < threshold) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
