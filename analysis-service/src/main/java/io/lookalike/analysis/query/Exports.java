package io.lookalike.analysis.query;

import io.lookalike.analysis.config.AnalysisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The study's files in OpenFace's format: {@code reps.csv} (one vector a line) and {@code labels.csv}
 * ({@code class,path} for the same lines, classes numbered 1… by member name), plus a {@code distances.csv}
 * matrix. Per member a line is a member; per face, a labelled face. Rows are read in pages by key, so an export of
 * a million faces streams without holding them.
 */
@ApplicationScoped
public class Exports {
    private static final int PAGE = 1000;

    private final DataSource db;
    private final VectorSet vectors;
    private final AnalysisConfig config;

    public Exports(DataSource db, VectorSet vectors, AnalysisConfig config) {
        this.db = db;
        this.vectors = vectors;
        this.config = config;
    }

    public void reps(Scope scope, String group, Writer out) throws SQLException {
        rows(scope, group, (row, vector, classes) -> {
            for (int i = 0; i < vector.length(); i++) {
                char ch = vector.charAt(i);
                if (ch != '[' && ch != ']') {
                    out.write(ch);
                }
            }
            out.write('\n');
        });
    }

    public void labels(Scope scope, String group, Writer out) throws SQLException {
        rows(scope, group, (row, vector, classes) -> {
            String path = "./" + pathPart(row.group() == null ? "ungrouped" : row.group()) + "/" + pathPart(row.member())
                + (row.faceId() == null ? "" : "/" + row.photoId() + "-" + row.faceId());
            out.write(classes.get(row.member()) + "," + csv(path) + "\n");
        });
    }

    /** Member × member (or face × face) Euclidean distances with a header row and column of names. */
    public void distances(Scope scope, String group, Writer out) throws SQLException, IOException {
        VectorSet.Loaded set;
        try (Connection c = db.getConnection()) {
            set = vectors.load(c, scope, group);
        }
        double[][] d = set.distances();
        List<Subject> subjects = set.subjects();
        StringBuilder line = new StringBuilder();
        for (Subject s : subjects) {
            line.append(',').append(csv(s.label()));
        }
        out.write(line.append('\n').toString());
        for (int i = 0; i < subjects.size(); i++) {
            line.setLength(0);
            line.append(csv(subjects.get(i).label()));
            for (int j = 0; j < subjects.size(); j++) {
                line.append(',').append((float) d[i][j]);
            }
            out.write(line.append('\n').toString());
        }
    }

    @FunctionalInterface
    private interface RowWriter {
        void write(Subject row, String vector, Map<String, Integer> classes) throws IOException;
    }

    /** Labelled rows in name order (per face: by member, then id), page by page, each with its vector. */
    private void rows(Scope scope, String group, RowWriter writer) throws SQLException {
        try (Connection c = db.getConnection()) {
            Map<String, Integer> classes = classes(c, scope, group);
            String key = scope == Scope.MEMBER ? "s.name" : "s.id";
            String sql = "SELECT " + scope.columns("s", "") + ", " + scope.vector("s") + "::text AS v FROM "
                + scope.table() + " s WHERE s.model_id = ?" + (group == null ? "" : " AND s.group_name = ?")
                + (scope == Scope.FACE ? " AND s.member = ? AND s.id > ?" : " AND s.name > ?")
                + " ORDER BY " + key + " LIMIT " + PAGE;
            for (String member : scope == Scope.FACE ? classes.keySet().stream().sorted().toList() : List.of("")) {
                Object after = scope == Scope.FACE ? (Object) 0L : "";
                while (true) {
                    Object[] args = new Sql.Args().add(config.modelId()).addIf(group != null, group)
                        .addIf(scope == Scope.FACE, member).add(after).array();
                    List<Object[]> page = Sql.list(c, sql, rs -> new Object[] {scope.read(rs, ""), rs.getString("v")}, args);
                    for (Object[] row : page) {
                        writer.write((Subject) row[0], (String) row[1], classes);
                    }
                    if (page.size() < PAGE) {
                        break;
                    }
                    Subject last = (Subject) page.get(page.size() - 1)[0];
                    after = scope == Scope.FACE ? last.faceId() : last.member();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Class numbers 1… by member name, so reps.csv and labels.csv downloaded apart still line up. */
    private Map<String, Integer> classes(Connection c, Scope scope, String group) throws SQLException {
        String sql = scope == Scope.MEMBER
            ? "SELECT name FROM analysis.member WHERE model_id = ?" + (group == null ? "" : " AND group_name = ?") + " ORDER BY name"
            : "SELECT DISTINCT member FROM embed.face WHERE model_id = ? AND member IS NOT NULL"
                + (group == null ? "" : " AND group_name = ?") + " ORDER BY member";
        Map<String, Integer> classes = new HashMap<>();
        for (String name : Sql.list(c, sql, rs -> rs.getString(1),
            new Sql.Args().add(config.modelId()).addIf(group != null, group).array())) {
            classes.put(name, classes.size() + 1);
        }
        return classes;
    }

    private static String pathPart(String s) {
        return s.replace('/', '_');
    }

    static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
