package io.lookalike.analysis.query;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.query.KnnPlanner.Knn;
import io.lookalike.common.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response.Status;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The k most alike and the k least alike pairs, without comparing every pair with every other.
 *
 * <p>If (a, b) is among the k closest pairs, b is among a's k nearest neighbours: otherwise k members would be
 * closer to a than b is, giving k pairs closer than (a, b). So one k-NN search per member (through the HNSW
 * index, {@code LATERAL … ORDER BY … LIMIT k}) finds every candidate; the global top k is then a sort of n·k rows
 * instead of n²/2. Least alike is the same argument on farthest neighbours, and on unit vectors the farthest from
 * x are the nearest to −x, so the same index answers it.
 */
@ApplicationScoped
public class PairRanking {

    public record Result(String by, String group, String order, List<RankedPair> pairs) {
    }

    private final DataSource db;
    private final Members members;
    private final KnnPlanner planner;
    private final AnalysisConfig config;

    public PairRanking(DataSource db, Members members, KnnPlanner planner, AnalysisConfig config) {
        this.db = db;
        this.members = members;
        this.planner = planner;
        this.config = config;
    }

    @Transactional
    public Result mostAlike(Scope scope, String group, int k, Scan scan) throws SQLException {
        return new Result(scope.name().toLowerCase(), group, "most-alike", rank(scope, group, k, scan, false));
    }

    @Transactional
    public Result leastAlike(Scope scope, String group, int k, Scan scan) throws SQLException {
        return new Result(scope.name().toLowerCase(), group, "least-alike", rank(scope, group, k, scan, true));
    }

    private List<RankedPair> rank(Scope scope, String group, int k, Scan scan, boolean farthest) throws SQLException {
        try (Connection c = db.getConnection()) {
            if (scope == Scope.MEMBER && group != null) {
                members.requireGroup(c, group);
            }
            if (scope == Scope.FACE) {
                requireFewEnoughFaces(c, group);
            }
            Knn knn = planner.prepare(c, scan, scope, group, k);
            String a = scope.vector("a");
            // −a built in SQL (0 − a), so the search key stays a per-row expression the index scan can take
            String target = farthest ? "(array_fill(0::real, ARRAY[vector_dims(" + a + ")])::vector - " + a + ")" : a;
            String groupFilter = group == null ? "" : " AND %s.group_name = ?";
            String sql = """
                WITH knn AS (
                    SELECT %s, %s AS a_key, n.*
                    FROM %s a
                    CROSS JOIN LATERAL (
                        SELECT %s, %s AS b_key, %s <-> %s AS d
                        FROM %s b
                        WHERE b.model_id = a.model_id AND %s%s
                        ORDER BY %s
                        LIMIT ?
                    ) n
                    WHERE a.model_id = ?%s
                )
                SELECT * FROM (
                    SELECT DISTINCT ON (least(a_key, b_key), greatest(a_key, b_key)) * FROM knn
                    ORDER BY least(a_key, b_key), greatest(a_key, b_key)
                ) pairs
                ORDER BY d %s, least(a_key, b_key), greatest(a_key, b_key)
                LIMIT ?""".formatted(
                scope.columns("a", "a_"), scope.key("a"), scope.table(),
                scope.columns("b", "b_"), scope.key("b"), scope.vector("b"), a, scope.table(),
                scope.pairable("a", "b"), groupFilter.formatted("b"),
                knn.order(scope.vector("b"), target),
                groupFilter.formatted("a"), farthest ? "DESC" : "ASC");
            Object[] args = new Sql.Args().addIf(group != null, group).add(k).add(config.modelId())
                .addIf(group != null, group).add(k).array();
            List<RankedPair> pairs = new ArrayList<>();
            for (Object[] row : Sql.list(c, sql,
                rs -> new Object[] {scope.read(rs, "a_"), scope.read(rs, "b_"), rs.getDouble("d")}, args)) {
                pairs.add(new RankedPair(pairs.size() + 1, (Subject) row[0], (Subject) row[1],
                    Distance.euclidean((Double) row[2])));
            }
            return pairs;
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
