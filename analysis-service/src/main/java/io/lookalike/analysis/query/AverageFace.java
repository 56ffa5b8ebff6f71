package io.lookalike.analysis.query;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.query.Neighbours.Filter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The study's "average face": the mean of everyone's vectors (pgvector's {@code avg(vector)}), and the members
 * ranked by their distance to it. Distances are to the normalised mean, so they read like any other distance
 * between unit vectors; the order is the same as to the raw mean (|v − m|² = 1 + |m|² − 2 v·m).
 */
@ApplicationScoped
public class AverageFace {

    public record Result(String by, String group, String order, int averaged, List<Ranked> ranking) {
    }

    private final DataSource db;
    private final Members members;
    private final Neighbours neighbours;
    private final AnalysisConfig config;

    public AverageFace(DataSource db, Members members, Neighbours neighbours, AnalysisConfig config) {
        this.db = db;
        this.members = members;
        this.neighbours = neighbours;
        this.config = config;
    }

    @Transactional
    public Result closest(Scope scope, String group, int k, Scan scan) throws SQLException {
        return rank(scope, group, k, scan, false);
    }

    @Transactional
    public Result farthest(Scope scope, String group, int k, Scan scan) throws SQLException {
        return rank(scope, group, k, scan, true);
    }

    private Result rank(Scope scope, String group, int k, Scan scan, boolean farthest) throws SQLException {
        try (Connection c = db.getConnection()) {
            if (scope == Scope.MEMBER && group != null) {
                members.requireGroup(c, group);
            }
            Object[] mean = Sql.one(c, "SELECT l2_normalize(avg(" + scope.vector("s") + "))::text, count(*) FROM "
                    + scope.table() + " s WHERE s.model_id = ?" + (group == null ? "" : " AND s.group_name = ?"),
                rs -> new Object[] {rs.getString(1), rs.getInt(2)},
                new Sql.Args().add(config.modelId()).addIf(group != null, group).array());
            String order = farthest ? "farthest" : "closest";
            if (mean[0] == null) {
                return new Result(scope.name().toLowerCase(), group, order, 0, List.of());
            }
            float[] average = Vectors.parse((String) mean[0]);
            float[] target = farthest ? Vectors.negate(average) : average;
            return new Result(scope.name().toLowerCase(), group, order, (Integer) mean[1],
                neighbours.nearest(c, scope, target, average, new Filter(group, null), k, scan));
        }
    }
}
