package io.lookalike.analysis.query;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.query.KnnPlanner.Knn;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The k nearest members (or faces) to a vector, optionally within one group and without one label: the single
 * k-NN query behind look-alikes, average-face rankings and photo search. Runs in the caller's transaction.
 */
@ApplicationScoped
public class Neighbours {

    /** Which rows may appear: one group (null = everyone), and not this label (null = none left out). */
    public record Filter(String group, String notLabelled) {
        public static final Filter EVERYONE = new Filter(null, null);
    }

    /** Index candidates per wanted neighbour, re-ranked on the full vectors. */
    static final int RERANK = 2;

    private final KnnPlanner planner;
    private final AnalysisConfig config;

    public Neighbours(KnnPlanner planner, AnalysisConfig config) {
        this.planner = planner;
        this.config = config;
    }

    /**
     * Orders by distance to {@code target} and reports the distance to {@code reference}: the same vector for
     * "nearest"; for "farthest" the target is −reference, whose nearest neighbours are reference's farthest, so
     * the same index answers both.
     */
    public List<Ranked> nearest(Connection c, Scope scope, float[] target, float[] reference, Filter filter, int k,
                                Scan scan) throws SQLException {
        // Through the index: 2k candidates in the order of the half-precision index, re-ranked on the full vectors,
        // so halfvec rounding does not reorder close neighbours (pgvector's advice for quantised indexes).
        Knn knn = planner.prepare(c, scan, scope, filter.group(), RERANK * k); // ef_search ≥ the candidates
        String inner = "SELECT " + scope.columns("s", "") + ", " + scope.vector("s") + " <-> CAST(? AS vector) AS d, "
            + scope.vector("s") + " <-> CAST(? AS vector) AS t"
            + " FROM " + scope.table() + " s WHERE s.model_id = ?"
            + (filter.group() == null ? "" : " AND s.group_name = ?")
            + (filter.notLabelled() == null ? "" : " AND " + scope.notLabelled("s"))
            // a single ORDER BY expression, so the index can deliver the order (a tie-breaker would prevent that)
            + " ORDER BY " + knn.order(scope, "s", "CAST(? AS vector)") + " LIMIT ?";
        String sql = knn.exact() ? inner : "SELECT * FROM (" + inner + ") candidates ORDER BY t LIMIT ?";
        Object[] args = new Sql.Args().add(Vectors.literal(reference)).add(Vectors.literal(target)).add(config.modelId())
            .addIf(filter.group() != null, filter.group()).addIf(filter.notLabelled() != null, filter.notLabelled())
            .add(Vectors.literal(target)).add(knn.exact() ? k : RERANK * k).addIf(!knn.exact(), k).array();
        List<Ranked> ranked = new ArrayList<>();
        for (var row : Sql.list(c, sql, rs -> new Object[] {scope.read(rs, ""), rs.getDouble("d")}, args)) {
            ranked.add(new Ranked(ranked.size() + 1, (Subject) row[0], Distance.euclidean((Double) row[1])));
        }
        return ranked;
    }
}
