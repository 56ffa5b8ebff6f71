package io.lookalike.analysis.query;

import io.lookalike.analysis.config.AnalysisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Chooses between an exact scan and the HNSW index for a nearest-neighbour query, and sets the transaction's
 * planner settings to match. Call it inside the query's transaction (the settings are {@code SET LOCAL}).
 */
@ApplicationScoped
public class KnnPlanner {

    /** The plan: the ORDER BY expression that gets (or avoids) the index. */
    public record Knn(boolean exact) {
        /**
         * Exact: Euclidean {@code <->} on the full vectors, which no index serves, so PostgreSQL scans and sorts
         * every candidate. Index: cosine {@code <=>} on the expression the scope's HNSW index is built on. On unit
         * vectors both give the same order.
         */
        public String order(Scope scope, String alias, String target) {
            return exact ? scope.vector(alias) + " <-> " + target : scope.indexed(alias, target);
        }
    }

    private final AnalysisConfig config;

    public KnnPlanner(AnalysisConfig config) {
        this.config = config;
    }

    public Knn prepare(Connection c, Scan requested, Scope scope, String group, int k) throws SQLException {
        Knn knn = choose(c, requested, scope, group);
        apply(c, knn, config.efSearch(), k);
        return knn;
    }

    /** Exact scan or index, by the request or (auto) by the number of candidate rows. */
    public Knn choose(Connection c, Scan requested, Scope scope, String group) throws SQLException {
        return choose(c, requested, scope, group, config.exactScanBelow());
    }

    /** The same with a threshold of the caller's: below {@code exactBelow} candidate rows, auto means exact. */
    public Knn choose(Connection c, Scan requested, Scope scope, String group, int exactBelow) throws SQLException {
        return new Knn(switch (requested) {
            case EXACT -> true;
            case INDEX -> false;
            case AUTO -> candidates(c, scope, group, exactBelow) < exactBelow;
        });
    }

    /** Sets this transaction's planner settings for the plan; the index keeps {@code max(efSearch, k)} candidates. */
    public void apply(Connection c, Knn knn, int efSearch, int k) throws SQLException {
        // JIT compilation costs tens of ms and these plans look expensive to it: never worth it here.
        // Index: small tables look cheaper to sort than to search, but the caller (or the size) chose the index.
        // Filters (group, label, model) keep their recall: the iterative scan goes on until k rows pass, in order.
        String index = knn.exact() ? "on" : "off";
        String settings = "SELECT set_config('jit', 'off', true), set_config('enable_seqscan', '" + index + "', true),"
            + " set_config('enable_sort', '" + index + "', true),"
            + " set_config('hnsw.iterative_scan', 'strict_order', true),"
            + " set_config('hnsw.ef_search', '" + Math.min(1000, Math.max(efSearch, k)) + "', true),"
            + " set_config('hnsw.max_scan_tuples', '" + config.maxScanTuples() + "', true)";
        try (PreparedStatement ps = c.prepareStatement(settings)) {
            ps.executeQuery().close();
        }
    }

    /**
     * Candidate rows, counted only up to the threshold so the count stays cheap on big tables. Members: those of the
     * model and group (an index serves it). Faces: the whole table, as embed.face has no group index of ours.
     */
    private long candidates(Connection c, Scope scope, String group, int limit) throws SQLException {
        String sql = scope == Scope.MEMBER
            ? "SELECT count(*) FROM (SELECT 1 FROM analysis.member WHERE model_id = ?"
                + (group == null ? "" : " AND group_name = ?") + " LIMIT ?) s"
            : "SELECT count(*) FROM (SELECT 1 FROM embed.face LIMIT ?) s";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (scope == Scope.MEMBER) {
                ps.setString(i++, config.modelId());
                if (group != null) {
                    ps.setString(i++, group);
                }
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
