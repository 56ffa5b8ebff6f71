package io.lookalike.analysis.query;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.query.KnnPlanner.Knn;
import io.lookalike.common.rest.ProblemException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response.Status;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * The k most alike and the k least alike pairs, without comparing every pair with every other.
 *
 * <p>If (a, b) is among the k closest pairs, b is among a's k nearest neighbours: otherwise k members would be
 * closer to a than b is, giving k pairs closer than (a, b). So one k-NN search per member (through the HNSW
 * index, {@code LATERAL … ORDER BY … LIMIT k}) finds every candidate; the global top k is then a sort of n·k rows
 * instead of n²/2. Least alike is the same argument on farthest neighbours, and on unit vectors the farthest from
 * x are the nearest to −x, so the same index answers it.
 *
 * <p>Over everyone, per member, those neighbours are kept (NeighbourLists: each member's K nearest and farthest,
 * exact, updated as vectors change), so while the lists are current and k ≤ K a ranking reads the 2k best rows.
 *
 * <p>Otherwise the searches are the whole cost (about a millisecond each for 512-D vectors), so the members are split
 * by a hash of their key into one share per connection, searched at once on all CPUs; each share's top k, merged,
 * holds the global top k (a pair in the global top k has fewer than k better pairs in any share that finds it).
 */
@ApplicationScoped
public class PairRanking {

    /**
     * {@code scan}: "exact" (every pair considered) or "index" (HNSW neighbours: the best pairs, as a rule);
     * {@code from}: "neighbour-lists" (read from the kept lists, exact) or "searches" (one k-NN search per subject).
     */
    public record Result(String by, String group, String order, String scan, String from, List<RankedPair> pairs) {
    }

    // The lists are current when no member is flagged (a partial index answers it); each pair shows up in up to
    // two lists (a lists b, b lists a), so the 2k best rows hold the k best distinct pairs.
    private static final String LISTS_CURRENT = """
        SELECT NOT EXISTS (SELECT 1 FROM analysis.member
                           WHERE model_id = ? AND (neighbours_moved OR neighbours_stale))""";
    private static final String LISTED = """
        SELECT %s, %s, n.name AS a_key, n.other AS b_key, n.distance AS d
        FROM analysis.member_neighbour n
        JOIN analysis.member a ON a.model_id = n.model_id AND a.name = n.name
        JOIN analysis.member b ON b.model_id = n.model_id AND b.name = n.other
        WHERE n.model_id = ? AND n.far = ?
        ORDER BY n.distance %s
        LIMIT ?""";

    private record Candidate(Subject a, Subject b, String key, double distance) {
    }

    private final DataSource db;
    private final Members members;
    private final KnnPlanner planner;
    private final AnalysisConfig config;
    private final int shares;
    private final ExecutorService searches;

    public PairRanking(DataSource db, Members members, KnnPlanner planner, AnalysisConfig config) {
        this.db = db;
        this.members = members;
        this.planner = planner;
        this.config = config;
        int parallelism = config.pairs().parallelism();
        this.shares = parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
        this.searches = Executors.newFixedThreadPool(shares, r -> {
            Thread t = new Thread(r, "pair-ranking");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void close() {
        searches.shutdownNow();
    }

    public Result mostAlike(Scope scope, String group, int k, Scan scan) throws SQLException {
        return rank(scope, group, k, scan, false);
    }

    public Result leastAlike(Scope scope, String group, int k, Scan scan) throws SQLException {
        return rank(scope, group, k, scan, true);
    }

    private Result rank(Scope scope, String group, int k, Scan scan, boolean farthest) throws SQLException {
        Knn knn;
        try (Connection c = db.getConnection()) {
            if (scope == Scope.MEMBER && group == null && scan == Scan.AUTO && k <= config.pairs().neighbours()
                && Sql.one(c, LISTS_CURRENT, rs -> rs.getBoolean(1), config.modelId())) {
                String sql = LISTED.formatted(scope.columns("a", "a_"), scope.columns("b", "b_"), farthest ? "DESC" : "ASC");
                return top(scope, group, k, farthest, "exact", "neighbour-lists",
                    Sql.list(c, sql, rs -> candidate(scope, rs), config.modelId(), farthest, 2 * k));
            }
            if (scope == Scope.MEMBER && group != null) {
                members.requireGroup(c, group);
            }
            if (scope == Scope.FACE) {
                requireFewEnoughFaces(c, group);
            }
            // farthest neighbours through the index are unreliable (see Pairs#exactFarthestBelow): scan longer
            knn = planner.choose(c, scan, scope, group,
                farthest ? Math.max(config.exactScanBelow(), config.pairs().exactFarthestBelow()) : config.exactScanBelow());
        }
        String sql = shareSql(scope, group, farthest, knn);
        List<Future<List<Candidate>>> parts = new ArrayList<>();
        for (int share = 0; share < shares; share++) {
            Object[] args = new Sql.Args().addIf(group != null, group).add(k).add(config.modelId())
                .addIf(group != null, group).add(shares).add(share).add(k).array();
            parts.add(searches.submit(() -> share(scope, sql, args, knn, k)));
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Future<List<Candidate>> part : parts) {
            candidates.addAll(join(part));
        }
        return top(scope, group, k, farthest, knn.exact() ? "exact" : "index", "searches", candidates);
    }

    private static Result top(Scope scope, String group, int k, boolean farthest, String scan, String from,
                              List<Candidate> candidates) {
        Comparator<Candidate> order = Comparator.comparingDouble(Candidate::distance);
        candidates.sort((farthest ? order.reversed() : order).thenComparing(Candidate::key));
        List<RankedPair> pairs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Candidate c : candidates) {
            if (pairs.size() < k && seen.add(c.key())) { // a pair found from both sides counts once
                pairs.add(new RankedPair(pairs.size() + 1, c.a(), c.b(), Distance.euclidean(c.distance())));
            }
        }
        return new Result(scope.name().toLowerCase(), group, farthest ? "least-alike" : "most-alike", scan, from, pairs);
    }

    private static Candidate candidate(Scope scope, ResultSet rs) throws SQLException {
        String ka = rs.getString("a_key");
        String kb = rs.getString("b_key");
        return new Candidate(scope.read(rs, "a_"), scope.read(rs, "b_"),
            ka.compareTo(kb) < 0 ? ka + "|" + kb : kb + "|" + ka, rs.getDouble("d"));
    }

    /** One share of the members: its k-NN candidates, distinct pairs, its own top k. */
    private String shareSql(Scope scope, String group, boolean farthest, Knn knn) {
        String a = scope.vector("a");
        // −a built in SQL (0 − a), so the search key stays a per-row expression the index scan can take;
        // an exact scan needs no −a: it sorts by distance to a, descending
        String target = "(array_fill(0::real, ARRAY[vector_dims(" + a + ")])::vector - " + a + ")";
        String order = !farthest ? knn.order(scope, "b", a)
            : knn.exact() ? scope.vector("b") + " <-> " + a + " DESC" : knn.order(scope, "b", target);
        String groupFilter = group == null ? "" : " AND %s.group_name = ?";
        return """
            WITH knn AS (
                SELECT %s, %s::text AS a_key, n.*
                FROM %s a
                CROSS JOIN LATERAL (
                    SELECT %s, %s::text AS b_key, %s <-> %s AS d
                    FROM %s b
                    WHERE b.model_id = a.model_id AND %s%s
                    ORDER BY %s
                    LIMIT ?
                ) n
                WHERE a.model_id = ?%s AND (hashtext(%s::text) & 2147483647) %% ? = ?
            )
            SELECT * FROM (
                SELECT DISTINCT ON (least(a_key, b_key), greatest(a_key, b_key)) * FROM knn
                ORDER BY least(a_key, b_key), greatest(a_key, b_key)
            ) pairs
            ORDER BY d %s, least(a_key, b_key), greatest(a_key, b_key)
            LIMIT ?""".formatted(
            scope.columns("a", "a_"), scope.key("a"), scope.table(),
            scope.columns("b", "b_"), scope.key("b"), scope.vector("b"), a, scope.table(),
            scope.pairable("a", "b"), groupFilter.formatted("b"), order,
            groupFilter.formatted("a"), scope.key("a"), farthest ? "DESC" : "ASC");
    }

    /** A share on a connection of its own, in a transaction of its own (the planner settings are per transaction). */
    private List<Candidate> share(Scope scope, String sql, Object[] args, Knn knn, int k) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                planner.apply(c, knn, config.pairs().efSearch(), k);
                List<Candidate> rows = Sql.list(c, sql, rs -> candidate(scope, rs), args);
                c.commit();
                return rows;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static List<Candidate> join(Future<List<Candidate>> part) throws SQLException {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SQLException(e.getCause());
        }
    }

    /** One k-NN search per face: past a few thousand faces that is minutes, so ask for a group. */
    private void requireFewEnoughFaces(Connection c, String group) throws SQLException {
        long faces = Sql.one(c, "SELECT count(*) FROM (SELECT 1 FROM embed.face WHERE model_id = ?"
                + (group == null ? "" : " AND group_name = ?") + " LIMIT ?) s", rs -> rs.getLong(1),
            new Sql.Args().add(config.modelId()).addIf(group != null, group).add(config.maxPairFaces() + 1).array());
        if (faces > config.maxPairFaces()) {
            throw new ProblemException(Status.BAD_REQUEST, "Too many faces",
                "Per-face pair rankings cover at most " + config.maxPairFaces()
                    + " faces; narrow it with ?group= or rank members (by=member).");
        }
    }
}
