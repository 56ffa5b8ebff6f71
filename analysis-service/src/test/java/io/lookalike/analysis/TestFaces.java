package io.lookalike.analysis;

import static org.junit.jupiter.api.Assertions.fail;

import io.lookalike.analysis.query.Vectors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Synthetic face rows written straight into embed.face (as embed-service would) under the test model id, and the
 * same rows read back for brute-force answers. Names carry a per-run tag, so runs and test classes do not collide.
 */
public final class TestFaces {
    public static final String MODEL = "analysis-test@1";
    public static final int DIM = 512;

    public record FaceRow(long id, UUID photoId, String member, String group, float[] vector) {
    }

    public record MemberRow(String name, String group, int photoCount, int faceCount, float[] vector) {
    }

    private final DataSource db;
    private final Random random;
    public final String tag = UUID.randomUUID().toString().substring(0, 8);

    public TestFaces(DataSource db, long seed) {
        this.db = db;
        this.random = new Random(seed);
        requireEmbedSchema();
    }

    public String name(String base) {
        return base + "-" + tag;
    }

    public long insert(UUID photoId, int faceIndex, String member, String group, float[] vector) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO embed.face (photo_id, face_index, model_id, member, group_name, box_x, box_y, box_width,
                    box_height, image_width, image_height, landmarks, detection_score, size, quality, sharpness, embedding)
                VALUES (?, ?, ?, ?, ?, 10, 20, 100, 120, 640, 480, '{}', 0.99, 120, 0.8, 0.5, CAST(? AS vector))
                RETURNING id""")) {
            ps.setObject(1, photoId);
            ps.setInt(2, faceIndex);
            ps.setString(3, MODEL);
            ps.setString(4, member);
            ps.setString(5, group);
            ps.setString(6, Vectors.literal(vector));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void execute(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes this run's rows (names and groups carry the tag). */
    public void cleanUp() {
        execute("DELETE FROM embed.face WHERE model_id = ? AND (member LIKE ? OR group_name LIKE ?)",
            MODEL, "%-" + tag, "%-" + tag);
    }

    public List<FaceRow> faces() {
        List<FaceRow> rows = new ArrayList<>();
        query("SELECT id, photo_id, member, group_name, embedding::text FROM embed.face WHERE model_id = ? ORDER BY id",
            rs -> rows.add(new FaceRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                Vectors.parse(rs.getString(5)))));
        return rows;
    }

    public Map<String, MemberRow> members() {
        Map<String, MemberRow> rows = new HashMap<>();
        query("SELECT name, group_name, photo_count, face_count, vector::text FROM analysis.member WHERE model_id = ?",
            rs -> rows.put(rs.getString(1), new MemberRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                Vectors.parse(rs.getString(5)))));
        return rows;
    }

    // ---- synthetic vectors ------------------------------------------------------------------------------------

    public float[] randomUnit() {
        double[] v = new double[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = random.nextGaussian();
        }
        return unit(v);
    }

    /** {@code center} plus Gaussian noise of about {@code spread} Euclidean length, normalised. */
    public float[] near(float[] center, double spread) {
        double sigma = spread / Math.sqrt(DIM);
        double[] v = new double[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = center[i] + sigma * random.nextGaussian();
        }
        return unit(v);
    }

    /** A weighted mix of two unit vectors, normalised: weight 0 = a, 1 = b. */
    public static float[] mix(float[] a, float[] b, double weight) {
        double[] v = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            v[i] = (1 - weight) * a[i] + weight * b[i];
        }
        return unit(v);
    }

    public double nextDouble() {
        return random.nextDouble();
    }

    public static float[] unit(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) (v[i] / norm);
        }
        return f;
    }

    /** The normalised mean, computed in double: what a member vector must be. */
    public static float[] normalisedMean(List<float[]> vectors) {
        double[] sum = new double[vectors.get(0).length];
        for (float[] v : vectors) {
            for (int i = 0; i < v.length; i++) {
                sum[i] += v[i];
            }
        }
        return unit(sum);
    }

    @FunctionalInterface
    private interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowConsumer consumer) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, MODEL);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void requireEmbedSchema() {
        try (Connection c = db.getConnection(); ResultSet rs = c.prepareStatement(
            "SELECT to_regclass('embed.face') IS NOT NULL").executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) {
                fail("embed.face does not exist in this database. embed-service's Flyway migration creates it: run "
                    + "embed-service's tests (the full build does, before this module) or start embed-service once.");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
