package io.lookalike.analysis.query;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.query.KnnPlanner.Knn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Unlabelled faces grouped into probable persons, each with its nearest labelled member: "these 4 faces are
 * probably one person, and it looks like Alice" — or like nobody yet.
 *
 * <p>Two faces are linked when one is among the other's nearest unlabelled faces (k-NN through the index) and
 * they are closer than the same-person threshold measured in the embed benchmark (Euclidean 1.08 = cosine 0.42).
 * Faces of one photo are never linked directly (one photo, two people). A person is a connected group of links
 * (single linkage), so a long chain can join two people: the threshold is strict enough that this is rare.
 */
@ApplicationScoped
public class SuggestedPeople {

    public record Face(long faceId, UUID photoId, String group) {
    }

    public record Match(String member, String group, double distance, double cosine, boolean sameLikely) {
    }

    public record Person(int faceCount, List<Face> faces, Match nearestMember) {
    }

    public record Result(double threshold, double cosineThreshold, int facesConsidered, int peopleFound,
                         List<Person> people) {
    }

    private final DataSource db;
    private final KnnPlanner planner;
    private final AnalysisConfig config;

    public SuggestedPeople(DataSource db, KnnPlanner planner, AnalysisConfig config) {
        this.db = db;
        this.planner = planner;
        this.config = config;
    }

    @Transactional
    public Result suggest(String group, int minFaces, int limit, Scan scan) throws SQLException {
        double threshold = config.people().threshold();
        int neighbours = config.people().neighbours();
        try (Connection c = db.getConnection()) {
            Knn knn = planner.prepare(c, scan, Scope.FACE, group, neighbours);
            String groupFilter = group == null ? "" : " AND %s.group_name = ?";
            // the newest unlabelled faces, each with its nearest unlabelled faces of other photos within the threshold
            String sql = """
                WITH scope AS (
                    SELECT f.id, f.photo_id, f.group_name, f.embedding FROM embed.face f
                    WHERE f.model_id = ? AND f.member IS NULL%s
                    ORDER BY f.id DESC LIMIT ?
                )
                SELECT a.id, a.photo_id, a.group_name, n.id AS neighbour
                FROM scope a
                LEFT JOIN LATERAL (
                    SELECT f.id, f.embedding <-> a.embedding AS d FROM embed.face f
                    WHERE f.model_id = ? AND f.member IS NULL AND f.photo_id <> a.photo_id%s
                    ORDER BY %s
                    LIMIT ?
                ) n ON n.d <= ?""".formatted(groupFilter.formatted("f"), groupFilter.formatted("f"),
                knn.order(Scope.FACE, "f", "a.embedding"));
            Object[] args = new Sql.Args().add(config.modelId()).addIf(group != null, group)
                .add(config.people().maxFaces()).add(config.modelId()).addIf(group != null, group)
                .add(neighbours).add(threshold).array();
            Map<Long, Face> faces = new LinkedHashMap<>();
            UnionFind links = new UnionFind();
            Sql.list(c, sql, rs -> {
                long id = rs.getLong("id");
                faces.putIfAbsent(id, new Face(id, rs.getObject("photo_id", UUID.class), rs.getString("group_name")));
                links.add(id);
                long neighbour = rs.getLong("neighbour");
                if (!rs.wasNull()) {
                    links.union(id, neighbour);
                }
                return null;
            }, args);

            Map<Long, List<Face>> byRoot = new HashMap<>();
            for (Face f : faces.values()) {
                byRoot.computeIfAbsent(links.find(f.faceId()), r -> new ArrayList<>()).add(f);
            }
            List<List<Face>> people = byRoot.values().stream()
                .filter(p -> p.size() >= minFaces)
                .sorted(Comparator.comparingInt((List<Face> p) -> -p.size())
                    .thenComparing(p -> -p.stream().mapToLong(Face::faceId).max().orElse(0)))
                .toList();
            List<List<Face>> shown = people.subList(0, Math.min(limit, people.size()));
            Map<Integer, Match> nearest = nearestMembers(c, shown, threshold);
            List<Person> result = new ArrayList<>();
            for (int i = 0; i < shown.size(); i++) {
                List<Face> p = shown.get(i).stream().sorted(Comparator.comparingLong(Face::faceId)).toList();
                result.add(new Person(p.size(), p, nearest.get(i)));
            }
            return new Result(threshold, 1 - threshold * threshold / 2, faces.size(), people.size(), result);
        }
    }

    /** Each person's normalised mean face and the member nearest to it, in one statement for all of them. */
    private Map<Integer, Match> nearestMembers(Connection c, List<List<Face>> people, double threshold)
        throws SQLException {
        List<Long> ids = new ArrayList<>();
        List<Integer> person = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
            for (Face f : people.get(i)) {
                ids.add(f.faceId());
                person.add(i);
            }
        }
        Map<Integer, Match> matches = new HashMap<>();
        if (ids.isEmpty()) {
            return matches;
        }
        Knn knn = planner.prepare(c, Scan.AUTO, Scope.MEMBER, null, 1);
        String sql = """
            WITH person AS (
                SELECT u.person, l2_normalize(avg(f.embedding)) AS v
                FROM unnest(?, ?) AS u(id, person) JOIN embed.face f ON f.id = u.id
                GROUP BY u.person
            )
            SELECT p.person, m.name, m.group_name, m.d FROM person p
            CROSS JOIN LATERAL (
                SELECT m.name, m.group_name, m.vector <-> p.v AS d FROM analysis.member m
                WHERE m.model_id = ? ORDER BY %s LIMIT 1
            ) m""".formatted(knn.order(Scope.MEMBER, "m", "p.v"));
        Sql.list(c, sql, rs -> {
            Distance d = Distance.euclidean(rs.getDouble("d"));
            return matches.put(rs.getInt("person"), new Match(rs.getString("name"), rs.getString("group_name"),
                d.distance(), d.cosine(), d.distance() <= threshold));
        }, c.createArrayOf("bigint", ids.toArray()), c.createArrayOf("integer", person.toArray()), config.modelId());
        return matches;
    }

    /** Disjoint sets of face ids, with path halving. */
    static final class UnionFind {
        private final Map<Long, Long> parent = new HashMap<>();

        void add(long id) {
            parent.putIfAbsent(id, id);
        }

        long find(long id) {
            add(id);
            long x = id;
            while (parent.get(x) != x) {
                long grand = parent.get(parent.get(x));
                parent.put(x, grand);
                x = grand;
            }
            return x;
        }

        void union(long a, long b) {
            long ra = find(a);
            long rb = find(b);
            if (ra != rb) {
                parent.put(Math.max(ra, rb), Math.min(ra, rb));
            }
        }
    }
}
