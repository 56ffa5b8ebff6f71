package io.lookalike.analysis.query;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.common.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response.Status;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Who the members are: their groups, counts and vectors, and the lookups every other query starts with. */
@ApplicationScoped
public class Members {

    public record Summary(String name, String group, int photoCount, int faceCount, Instant updatedAt) {
    }

    public record Member(Summary summary, float[] vector) {
        public String name() {
            return summary.name();
        }
    }

    public record Box(int x, int y, int width, int height) {
    }

    /** One of a member's labelled faces and how far it lies from the member's mean vector. */
    public record Face(long faceId, UUID photoId, int faceIndex, String group, Box box, double quality,
                       double distance, double cosine) {
    }

    public record Detail(String name, String group, int photoCount, int faceCount, Instant updatedAt, List<Face> faces) {
    }

    public record Group(String name, int members, long photos, long faces) {
    }

    private static final String SUMMARY = "name, group_name, photo_count, face_count, updated_at";

    private final DataSource db;
    private final AnalysisConfig config;

    public Members(DataSource db, AnalysisConfig config) {
        this.db = db;
        this.config = config;
    }

    @Transactional
    public List<Summary> list(String group) throws SQLException {
        try (Connection c = db.getConnection()) {
            if (group != null) {
                requireGroup(c, group);
            }
            return Sql.list(c, "SELECT " + SUMMARY + " FROM analysis.member WHERE model_id = ?"
                    + (group == null ? "" : " AND group_name = ?") + " ORDER BY group_name NULLS LAST, name",
                Members::summary, new Sql.Args().add(config.modelId()).addIf(group != null, group).array());
        }
    }

    @Transactional
    public List<Group> groups() throws SQLException {
        try (Connection c = db.getConnection()) {
            return Sql.list(c, """
                    SELECT group_name, count(*), sum(photo_count), sum(face_count) FROM analysis.member
                    WHERE model_id = ? GROUP BY group_name ORDER BY group_name NULLS LAST""",
                rs -> new Group(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4)), config.modelId());
        }
    }

    /** The member with its labelled faces, nearest to its mean first (an outlier face shows up last). */
    @Transactional
    public Detail detail(String name) throws SQLException {
        try (Connection c = db.getConnection()) {
            Member m = require(c, name);
            List<Face> faces = Sql.list(c, """
                    SELECT id, photo_id, face_index, group_name, box_x, box_y, box_width, box_height, quality,
                           embedding <-> CAST(? AS vector) AS d
                    FROM embed.face WHERE model_id = ? AND member = ? ORDER BY d, id""",
                rs -> {
                    Distance d = Distance.euclidean(rs.getDouble("d"));
                    return new Face(rs.getLong("id"), rs.getObject("photo_id", UUID.class), rs.getInt("face_index"),
                        rs.getString("group_name"), new Box(rs.getInt("box_x"), rs.getInt("box_y"),
                        rs.getInt("box_width"), rs.getInt("box_height")), rs.getDouble("quality"),
                        d.distance(), d.cosine());
                },
                Vectors.literal(m.vector()), config.modelId(), name);
            Summary s = m.summary();
            return new Detail(s.name(), s.group(), s.photoCount(), s.faceCount(), s.updatedAt(), faces);
        }
    }

    public Member find(Connection c, String name) throws SQLException {
        return Sql.one(c, "SELECT " + SUMMARY + ", vector::text AS v FROM analysis.member WHERE model_id = ? AND name = ?",
            rs -> new Member(summary(rs), Vectors.parse(rs.getString("v"))), config.modelId(), name);
    }

    /** The member, or 404 problem JSON naming it. */
    public Member require(Connection c, String name) throws SQLException {
        Member m = find(c, name);
        if (m == null) {
            throw new ProblemException(Status.NOT_FOUND, "Unknown member",
                "No member is named '" + name + "' (or none of its faces is labelled yet). GET /api/members lists them.");
        }
        return m;
    }

    /** 404 problem JSON unless some member belongs to the group. */
    public void requireGroup(Connection c, String group) throws SQLException {
        if (Sql.one(c, "SELECT 1 FROM analysis.member WHERE model_id = ? AND group_name = ? LIMIT 1",
            rs -> 1, config.modelId(), group) == null) {
            throw new ProblemException(Status.NOT_FOUND, "Unknown group",
                "No member belongs to a group named '" + group + "'. GET /api/groups lists them.");
        }
    }

    private static Summary summary(ResultSet rs) throws SQLException {
        Timestamp updated = rs.getTimestamp("updated_at");
        return new Summary(rs.getString("name"), rs.getString("group_name"), rs.getInt("photo_count"),
            rs.getInt("face_count"), updated == null ? null : updated.toInstant());
    }
}
