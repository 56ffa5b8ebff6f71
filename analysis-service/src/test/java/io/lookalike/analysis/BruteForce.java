package io.lookalike.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookalike.analysis.query.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/** The answers computed the slow, obvious way in Java (double precision), and a tie-tolerant ranking comparison. */
public final class BruteForce {
    /** pgvector computes in float: distances agree to about 1e-6; anything closer counts as a tie. */
    public static final double EPS = 1e-4;

    /** Something ranked: a key (member name, face id, "a|b" pair) and its distance. */
    public record Entry(String key, double distance) {
    }

    public record Item(String key, float[] vector) {
    }

    private BruteForce() {
    }

    /** Every item by distance to q, nearest first (or farthest first). */
    public static List<Entry> rank(List<Item> items, float[] q, boolean farthest) {
        List<Entry> all = new ArrayList<>();
        for (Item it : items) {
            all.add(new Entry(it.key(), Vectors.euclidean(it.vector(), q)));
        }
        all.sort(Comparator.comparingDouble(Entry::distance));
        if (farthest) {
            java.util.Collections.reverse(all);
        }
        return all;
    }

    /** Every pair allowed by {@code pairable}, keyed "a|b" with a < b, closest first (or farthest first). */
    public static List<Entry> pairs(List<Item> items, BiPredicate<Item, Item> pairable, boolean farthest) {
        List<Entry> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            for (int j = i + 1; j < items.size(); j++) {
                Item a = items.get(i);
                Item b = items.get(j);
                if (pairable.test(a, b)) {
                    all.add(new Entry(pairKey(a.key(), b.key()), Vectors.euclidean(a.vector(), b.vector())));
                }
            }
        }
        all.sort(Comparator.comparingDouble(Entry::distance));
        if (farthest) {
            java.util.Collections.reverse(all);
        }
        return all;
    }

    public static String pairKey(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    /**
     * {@code actual} is the top {@code expected.size()} of {@code truth} up to ties: the distances rank by rank agree,
     * each returned key really has the distance reported, no key twice, and wherever the truth has no near-tie the
     * keys are the same.
     */
    public static void assertRanking(List<Entry> truth, int k, List<Entry> actual, String what) {
        List<Entry> expected = truth.subList(0, Math.min(k, truth.size()));
        assertEquals(expected.size(), actual.size(), what + ": number of results");
        Map<String, Double> trueDistance = new java.util.HashMap<>();
        truth.forEach(e -> trueDistance.put(e.key(), e.distance()));
        assertEquals(actual.size(), new HashSet<>(actual.stream().map(Entry::key).toList()).size(), what + ": a key twice");
        for (int i = 0; i < actual.size(); i++) {
            Entry a = actual.get(i);
            assertTrue(trueDistance.containsKey(a.key()), what + ": " + a.key() + " should not be a candidate");
            assertEquals(trueDistance.get(a.key()), a.distance(), EPS, what + ": reported distance of " + a.key());
            assertEquals(expected.get(i).distance(), a.distance(), EPS, what + ": distance at rank " + (i + 1));
            boolean tied = (i > 0 && Math.abs(truth.get(i - 1).distance() - truth.get(i).distance()) < EPS)
                || (i + 1 < truth.size() && Math.abs(truth.get(i + 1).distance() - truth.get(i).distance()) < EPS);
            if (!tied) {
                assertEquals(expected.get(i).key(), a.key(), what + ": at rank " + (i + 1));
            }
        }
    }
}
