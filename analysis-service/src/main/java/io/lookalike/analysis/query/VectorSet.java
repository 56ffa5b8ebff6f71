package io.lookalike.analysis.query;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.common.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response.Status;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Every member (or face) of a group with its vector, for the n × n answers: maps and the distances matrix. */
@ApplicationScoped
public class VectorSet {

    public record Loaded(List<Subject> subjects, List<float[]> vectors) {

        /** Euclidean distances, exactly symmetric (the eigen-decomposition of a map relies on it). */
        public double[][] distances() {
            int n = vectors.size();
            double[][] d = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    d[i][j] = Vectors.euclidean(vectors.get(i), vectors.get(j));
                    d[j][i] = d[i][j];
                }
            }
            return d;
        }
    }

    private final AnalysisConfig config;

    public VectorSet(AnalysisConfig config) {
        this.config = config;
    }

    /** At most {@code lookalike.analysis.max-matrix} of them; more is a 400 that suggests a group. */
    public Loaded load(Connection c, Scope scope, String group) throws SQLException {
        int max = config.maxMatrix();
        String order = scope == Scope.MEMBER ? "s.group_name NULLS LAST, s.name" : "s.id";
        String sql = "SELECT " + scope.columns("s", "") + ", " + scope.vector("s") + "::text AS v FROM " + scope.table()
            + " s WHERE s.model_id = ?" + (group == null ? "" : " AND s.group_name = ?") + " ORDER BY " + order
            + " LIMIT ?";
        List<Subject> subjects = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        Sql.list(c, sql, rs -> {
            subjects.add(scope.read(rs, ""));
            vectors.add(Vectors.parse(rs.getString("v")));
            return null;
        }, new Sql.Args().add(config.modelId()).addIf(group != null, group).add(max + 1).array());
        if (subjects.size() > max) {
            throw new ProblemException(Status.BAD_REQUEST, "Too many points",
                "This answer is an n × n matrix and covers at most " + max + " " + scope.name().toLowerCase()
                    + "s; narrow it to one group.");
        }
        return new Loaded(subjects, vectors);
    }
}
