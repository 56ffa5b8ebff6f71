package io.lookalike.analysis.service;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.query.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/**
 * Derives member vectors from embed.face: each labelled member's normalised mean face vector, with its group
 * (the one most of its faces carry) and counts. Recomputing from the face rows, rather than adding and removing
 * single vectors, makes it idempotent and self-healing: any number of repeats give the same table.
 */
@ApplicationScoped
public class MemberVectors {

    /** What a recompute changed: members written (new or different) and members removed (no labelled face left). */
    public record Change(List<String> changed, List<String> removed) {
        public boolean isEmpty() {
            return changed.isEmpty() && removed.isEmpty();
        }
    }

    // Rows whose values did not change are not rewritten (the WHERE of DO UPDATE), so RETURNING names real changes.
    private static final String UPSERT = """
        INSERT INTO analysis.member AS m (model_id, name, group_name, photo_count, face_count, vector, updated_at)
        SELECT f.model_id, f.member, mode() WITHIN GROUP (ORDER BY f.group_name), count(DISTINCT f.photo_id),
               count(*), l2_normalize(avg(f.embedding)), now()
        FROM embed.face f
        WHERE f.model_id = ? AND f.member IS NOT NULL%s
        GROUP BY f.model_id, f.member
        ON CONFLICT (model_id, name) DO UPDATE SET group_name = EXCLUDED.group_name,
            photo_count = EXCLUDED.photo_count, face_count = EXCLUDED.face_count, vector = EXCLUDED.vector,
            updated_at = EXCLUDED.updated_at,
            neighbours_moved = m.neighbours_moved OR m.vector IS DISTINCT FROM EXCLUDED.vector
        WHERE m.vector IS DISTINCT FROM EXCLUDED.vector OR m.group_name IS DISTINCT FROM EXCLUDED.group_name
            OR m.photo_count <> EXCLUDED.photo_count OR m.face_count <> EXCLUDED.face_count
        RETURNING m.name""";

    // The removed members' rows in other members' neighbour lists go with them (ON DELETE CASCADE), leaving those
    // lists one short: they are flagged for a rebuild (NeighbourLists) in the same statement.
    private static final String DELETE_EMPTY = """
        WITH gone AS (
            DELETE FROM analysis.member m
            WHERE m.model_id = ?%s
              AND NOT EXISTS (SELECT 1 FROM embed.face f WHERE f.model_id = m.model_id AND f.member = m.name)
            RETURNING m.model_id, m.name
        ), short AS (
            UPDATE analysis.member o SET neighbours_stale = true
            FROM analysis.member_neighbour n JOIN gone g ON n.model_id = g.model_id AND n.other = g.name
            WHERE o.model_id = n.model_id AND o.name = n.name AND o.name NOT IN (SELECT name FROM gone)
        )
        SELECT name FROM gone""";

    /** Member vectors and neighbour lists change one at a time (see {@link NeighbourLists}). */
    static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('analysis.member'))";

    private final DataSource db;
    private final AnalysisConfig config;

    public MemberVectors(DataSource db, AnalysisConfig config) {
        this.db = db;
        this.config = config;
    }

    /** Every member of the configured model. */
    @Transactional
    public Change recomputeAll() throws SQLException {
        try (Connection c = db.getConnection()) {
            Sql.one(c, LOCK, rs -> null);
            return new Change(
                Sql.list(c, UPSERT.formatted(""), rs -> rs.getString(1), config.modelId()),
                Sql.list(c, DELETE_EMPTY.formatted(""), rs -> rs.getString(1), config.modelId()));
        }
    }

    /** Only these members (the ones new faces were labelled with). */
    @Transactional
    public Change recompute(Collection<String> names) throws SQLException {
        try (Connection c = db.getConnection()) {
            Sql.one(c, LOCK, rs -> null);
            var array = c.createArrayOf("text", names.toArray());
            return new Change(
                Sql.list(c, UPSERT.formatted(" AND f.member = ANY(?)"), rs -> rs.getString(1), config.modelId(), array),
                Sql.list(c, DELETE_EMPTY.formatted(" AND m.name = ANY(?)"), rs -> rs.getString(1), config.modelId(), array));
        }
    }
}
