package io.lookalike.analysis.service;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.query.Sql;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Keeps every member's K nearest and K farthest members ({@code analysis.member_neighbour}, migration V3) exact while
 * member vectors change, so the pair rankings over everyone are a read ({@code PairRanking}) instead of one k-NN
 * search per member.
 *
 * <p>{@link MemberVectors} flags what changed: {@code neighbours_moved} (a vector moved, so it may enter or leave other
 * members' lists) and {@code neighbours_stale} (a member's own lists need a rebuild: it is new, or a member its lists
 * held was removed). Each flagged member costs one exact scan of the member vectors (n distances), and from it:
 * <ul>
 *   <li>its own lists are the K smallest and the K largest distances;</li>
 *   <li>a list that holds it takes the new distance; if the member moved past that list's K-th distance, a member the
 *       list never saw may now belong in it, so that list is rebuilt from a scan of its own;</li>
 *   <li>a list it now beats takes it and drops its K-th entry: a full list whose K-th it passes, or a list with fewer
 *       than K entries (which holds everyone).</li>
 * </ul>
 * Member vectors and lists change under one advisory lock ({@link MemberVectors#LOCK}), one member per transaction,
 * so replicas take turns and a ranking never waits long.
 */
@ApplicationScoped
public class NeighbourLists {
    private static final Logger LOG = Logger.getLogger(NeighbourLists.class);

    // The flagged members, the moved ones first (processing one also rebuilds its own lists).
    private static final String NEXT = """
        SELECT name, neighbours_moved FROM analysis.member
        WHERE model_id = ? AND (neighbours_moved OR neighbours_stale)
        ORDER BY neighbours_moved DESC LIMIT 1""";

    // One exact scan: the member's distance to every other member, kept for the statements below (temp table,
    // emptied at commit).
    private static final String TEMP = """
        CREATE TEMP TABLE IF NOT EXISTS neighbour_distance (name text NOT NULL, d double precision NOT NULL)
        ON COMMIT DELETE ROWS""";
    private static final String SCAN = """
        INSERT INTO pg_temp.neighbour_distance (name, d)
        SELECT m.name, m.vector <-> s.vector
        FROM analysis.member s JOIN analysis.member m ON m.model_id = s.model_id AND m.name <> s.name
        WHERE s.model_id = ? AND s.name = ?""";

    private static final String DROP_OWN = "DELETE FROM analysis.member_neighbour WHERE model_id = ? AND name = ?";
    private static final String OWN = """
        INSERT INTO analysis.member_neighbour (model_id, name, far, other, distance)
        (SELECT ?, ?, false, name, d FROM pg_temp.neighbour_distance ORDER BY d, name LIMIT ?)
        UNION ALL
        (SELECT ?, ?, true, name, d FROM pg_temp.neighbour_distance ORDER BY d DESC, name LIMIT ?)""";

    // Lists that hold the moved member: past the list's K-th distance (the bound, which counted the old distance)
    // the list may miss a closer (or farther) member it never saw; within it, the list stays exact.
    private static final String HOLDERS_STALE = """
        UPDATE analysis.member o SET neighbours_stale = true
        FROM analysis.member_neighbour n JOIN pg_temp.neighbour_distance d ON d.name = n.name
        WHERE n.model_id = ? AND n.other = ? AND o.model_id = n.model_id AND o.name = n.name
          AND CASE WHEN n.far THEN d.d < o.far_bound ELSE d.d > o.near_bound END""";
    private static final String HOLDERS_MOVE = """
        UPDATE analysis.member_neighbour n SET distance = d.d
        FROM pg_temp.neighbour_distance d
        WHERE n.model_id = ? AND n.other = ? AND d.name = n.name
        RETURNING n.name""";

    // Lists the moved member now beats take it (the ones holding it already are left to the two statements above).
    // Flagged members' lists are left out: their own rebuild will see it (and in a bulk load every list but a few
    // is flagged, so a member enters a handful of lists, not all of them).
    private static final String ENTER = """
        INSERT INTO analysis.member_neighbour (model_id, name, far, other, distance)
        SELECT m.model_id, m.name, f.far, ?, d.d
        FROM pg_temp.neighbour_distance d
        JOIN analysis.member m ON m.model_id = ? AND m.name = d.name
        CROSS JOIN (VALUES (false), (true)) f (far)
        WHERE NOT (m.neighbours_moved OR m.neighbours_stale)
          AND CASE WHEN f.far THEN m.far_bound IS NULL OR d.d > m.far_bound
                   ELSE m.near_bound IS NULL OR d.d < m.near_bound END
        ON CONFLICT DO NOTHING
        RETURNING name""";

    private static final String TRIM = """
        DELETE FROM analysis.member_neighbour n
        USING (SELECT name, far, other, row_number() OVER (PARTITION BY name, far
                   ORDER BY CASE WHEN far THEN -distance ELSE distance END, other) AS position
               FROM analysis.member_neighbour WHERE model_id = ? AND name = ANY(?)) r
        WHERE n.model_id = ? AND n.name = r.name AND n.far = r.far AND n.other = r.other AND r.position > ?""";

    // The K-th distances; null while a list holds fewer than K (then it holds everyone, and anyone enters it).
    private static final String BOUNDS = """
        UPDATE analysis.member m SET near_bound = b.near, far_bound = b.far
        FROM (SELECT s.name,
                     CASE WHEN count(n.other) FILTER (WHERE NOT n.far) >= ? THEN max(n.distance) FILTER (WHERE NOT n.far) END AS near,
                     CASE WHEN count(n.other) FILTER (WHERE n.far) >= ? THEN min(n.distance) FILTER (WHERE n.far) END AS far
              FROM unnest(?::text[]) s (name)
              LEFT JOIN analysis.member_neighbour n ON n.model_id = ? AND n.name = s.name
              GROUP BY s.name) b
        WHERE m.model_id = ? AND m.name = b.name""";

    private static final String DONE = """
        UPDATE analysis.member SET neighbours_moved = false, neighbours_stale = false WHERE model_id = ? AND name = ?""";

    private final DataSource db;
    private final String model;
    private final int size;

    public NeighbourLists(DataSource db, AnalysisConfig config) {
        this.db = db;
        this.model = config.modelId();
        this.size = config.pairs().neighbours();
    }

    @Scheduled(every = "${lookalike.analysis.members.debounce}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void catchUp() {
        try {
            update();
        } catch (SQLException e) {
            // the database may be away for a moment: the flags stay, the next run goes on from them
            LOG.warnf("Updating neighbour lists failed, will retry: %s", e.getMessage());
        }
    }

    /** Processes flagged members until none is left; returns how many it processed. */
    public int update() throws SQLException {
        long start = System.nanoTime();
        int done = 0;
        try (Connection c = db.getConnection()) {
            Sql.update(c, TEMP);
            while (next(c)) {
                done++;
                if (done % 1000 == 0) {
                    LOG.infof("Neighbour lists: %,d members updated so far", done);
                }
            }
        }
        if (done >= 100) { // a bulk load or a first build; single updates are too frequent to log
            LOG.infof("Neighbour lists: %d members updated in %.1f s", Integer.valueOf(done), (System.nanoTime() - start) / 1e9);
        }
        return done;
    }

    /** One flagged member in a transaction of its own; false when none is left. */
    private boolean next(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try {
            Sql.one(c, MemberVectors.LOCK, rs -> null);
            Object[] next = Sql.one(c, NEXT, rs -> new Object[] {rs.getString(1), rs.getBoolean(2)}, model);
            if (next != null) {
                String name = (String) next[0];
                Set<String> touched = new HashSet<>(List.of(name));
                Sql.update(c, SCAN, model, name);
                Sql.update(c, DROP_OWN, model, name);
                Sql.update(c, OWN, model, name, size, model, name, size);
                if ((Boolean) next[1]) {
                    Sql.update(c, HOLDERS_STALE, model, name);
                    touched.addAll(Sql.list(c, HOLDERS_MOVE, rs -> rs.getString(1), model, name));
                    touched.addAll(Sql.list(c, ENTER, rs -> rs.getString(1), name, model));
                }
                var owners = c.createArrayOf("text", touched.toArray());
                if ((Boolean) next[1]) {
                    Sql.update(c, TRIM, model, owners, model, size);
                }
                Sql.update(c, BOUNDS, size, size, owners, model, model);
                Sql.update(c, DONE, model, name);
            }
            c.commit();
            return next != null;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
