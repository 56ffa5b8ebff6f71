package io.lookalike.analysis;

import static io.lookalike.analysis.BruteForce.assertRanking;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookalike.analysis.BruteForce.Entry;
import io.lookalike.analysis.BruteForce.Item;
import io.lookalike.analysis.TestFaces.FaceRow;
import io.lookalike.analysis.TestFaces.MemberRow;
import io.lookalike.analysis.query.Vectors;
import io.lookalike.analysis.service.MemberRefresh;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every query against the real PostgreSQL + pgvector, each answer compared with a brute-force computation in Java
 * over the same vectors: exact scans and HNSW index scans, per member and per face, everyone and one group.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueriesTest {
    static final String KEY = "test-key";

    @Inject
    DataSource db;

    // RestAssured knows the test port only around each @Test, so set-up and clean-up call the bean itself
    @Inject
    MemberRefresh refresh;

    TestFaces t;
    String red;
    String blue;
    String circle;
    String people;
    final List<String> redMembers = new ArrayList<>();
    final List<String> blueMembers = new ArrayList<>();
    final List<String> circleMembers = new ArrayList<>();
    final Map<String, float[]> circleVectors = new HashMap<>();
    final List<Set<Long>> hiddenPersons = new ArrayList<>();

    @BeforeAll
    void insertFaces() throws SQLException {
        t = new TestFaces(db, 4);
        red = t.name("red");
        blue = t.name("blue");
        circle = t.name("circle");
        people = t.name("people");
        Map<String, float[]> centers = new HashMap<>();
        for (String group : List.of(red, blue)) {
            float[] groupCenter = t.randomUnit();
            int n = group.equals(red) ? 10 : 8;
            for (int i = 0; i < n; i++) {
                String member = t.name((group.equals(red) ? "red" : "blue") + i);
                (group.equals(red) ? redMembers : blueMembers).add(member);
                // members share some of their group's look, by varying amounts: distances spread out
                float[] center = TestFaces.mix(groupCenter, t.randomUnit(), 0.35 + 0.6 * t.nextDouble());
                centers.put(member, center);
                for (int p = 0; p < 1 + i % 3; p++) {
                    UUID photo = UUID.randomUUID();
                    t.insert(photo, 0, member, group, t.near(center, 0.5));
                    if (p == 0 && i % 2 == 0) {
                        t.insert(photo, 1, null, group, t.randomUnit()); // an unlabelled bystander
                    }
                }
            }
        }
        // points on a great circle: their chord distances are exactly those of points in a plane
        float[] e1 = t.randomUnit();
        float[] r = t.randomUnit();
        double dot = 0;
        for (int i = 0; i < e1.length; i++) {
            dot += e1[i] * r[i];
        }
        double[] e2 = new double[e1.length];
        for (int i = 0; i < e1.length; i++) {
            e2[i] = r[i] - dot * e1[i];
        }
        float[] u2 = TestFaces.unit(e2);
        for (int i = 0; i < 7; i++) {
            double angle = 0.45 * i + 0.1 * t.nextDouble();
            double[] v = new double[e1.length];
            for (int d = 0; d < v.length; d++) {
                v[d] = Math.cos(angle) * e1[d] + Math.sin(angle) * u2[d];
            }
            String member = t.name("circle" + i);
            circleMembers.add(member);
            circleVectors.put(member, TestFaces.unit(v));
            t.insert(UUID.randomUUID(), 0, member, circle, TestFaces.unit(v));
        }
        // unlabelled faces: three persons of three photos each (the first looks like red0) and two strangers
        float[] red0 = centers.get(redMembers.get(0));
        List<float[]> personCenters = List.of(red0, t.randomUnit(), t.randomUnit());
        for (float[] center : personCenters) {
            Set<Long> ids = new HashSet<>();
            for (int p = 0; p < 3; p++) {
                ids.add(t.insert(UUID.randomUUID(), 0, null, people, t.near(center, 0.35)));
            }
            hiddenPersons.add(ids);
        }
        for (int s = 0; s < 2; s++) {
            hiddenPersons.add(Set.of(t.insert(UUID.randomUUID(), 0, null, people, t.randomUnit())));
        }
        refresh.recomputeNow();
    }

    @AfterAll
    void removeFaces() throws SQLException {
        t.cleanUp();
        refresh.recomputeNow();
    }

    // ---- members ------------------------------------------------------------------------------------------------

    @Test
    void memberVectorsAreTheNormalisedMeansOfTheirLabelledFaces() {
        Map<String, List<FaceRow>> byMember = t.faces().stream().filter(f -> f.member() != null)
            .collect(Collectors.groupingBy(FaceRow::member));
        Map<String, MemberRow> members = t.members();
        for (String name : concat(redMembers, blueMembers, circleMembers)) {
            List<FaceRow> faces = byMember.get(name);
            MemberRow m = members.get(name);
            float[] expected = TestFaces.normalisedMean(faces.stream().map(FaceRow::vector).toList());
            assertEquals(0, Vectors.euclidean(expected, m.vector()), 1e-5, name);
            assertEquals(faces.size(), m.faceCount());
            assertEquals(faces.stream().map(FaceRow::photoId).distinct().count(), m.photoCount());
            given().get("/api/members/{name}", name).then().statusCode(200)
                .body("group", equalTo(faces.get(0).group()))
                .body("faceCount", equalTo(faces.size()))
                .body("faces.size()", equalTo(faces.size()));
        }
    }

    @Test
    void membersAndGroupsAreListedWithCounts() {
        List<String> names = given().get("/api/members?group={g}", blue).then().statusCode(200)
            .extract().jsonPath().getList("name", String.class);
        assertEquals(blueMembers.stream().sorted().toList(), names);
        JsonPath groups = given().get("/api/groups").then().statusCode(200).extract().jsonPath();
        assertEquals(redMembers.size(), groups.getInt("find { it.name == '" + red + "' }.members"));
        assertEquals(1 + 2 + 3 + 1 + 2 + 3 + 1 + 2 + 3 + 1, groups.getInt("find { it.name == '" + red + "' }.photos"));
    }

    // ---- look-alikes --------------------------------------------------------------------------------------------

    @Test
    void lookalikesEqualBruteForce() {
        Map<String, MemberRow> members = t.members();
        Map<String, FaceRow> faceRows = facesById();
        for (String name : List.of(redMembers.get(0), redMembers.get(3), blueMembers.get(5))) {
            float[] q = members.get(name).vector();
            for (String scan : List.of("exact", "index")) {
                for (String group : new String[] {null, blue}) {
                    List<Item> candidates = memberItems(members, group).stream().filter(i -> !i.key().equals(name)).toList();
                    JsonPath json = given().queryParam("k", 6).queryParam("scan", scan).queryParam("group", group)
                        .get("/api/members/{name}/lookalikes", name).then().statusCode(200).extract().jsonPath();
                    assertRanking(BruteForce.rank(candidates, q, false), 6, entries(json, "lookalikes", "member"),
                        name + " " + scan + " group " + group);

                    List<Item> faces = faceItems(group).stream().filter(i -> !name.equals(faceRows.get(i.key()).member())).toList();
                    JsonPath byFace = given().queryParam("k", 8).queryParam("scan", scan).queryParam("group", group)
                        .queryParam("by", "face").get("/api/members/{name}/lookalikes", name).then().statusCode(200)
                        .extract().jsonPath();
                    assertRanking(BruteForce.rank(faces, q, false), 8, entries(byFace, "lookalikes", "faceId"),
                        name + " by face " + scan + " group " + group);
                }
            }
        }
    }

    // ---- pairs --------------------------------------------------------------------------------------------------

    @Test
    void mostAndLeastAlikePairsEqualBruteForce() {
        Map<String, MemberRow> members = t.members();
        for (String order : List.of("most-alike", "least-alike")) {
            boolean farthest = order.equals("least-alike");
            for (String scan : List.of("exact", "index")) {
                for (String group : new String[] {red, blue, null}) {
                    List<Entry> truth = BruteForce.pairs(memberItems(members, group), (a, b) -> true, farthest);
                    JsonPath json = given().queryParam("k", 7).queryParam("scan", scan).queryParam("group", group)
                        .get("/api/pairs/" + order).then().statusCode(200).extract().jsonPath();
                    assertRanking(truth, 7, pairEntries(json, "member"), order + " " + scan + " group " + group);
                    assertEquals(scan, json.getString("scan"), "the answer says how it was found");
                }
                Map<String, FaceRow> faces = facesById();
                BiPredicate<Item, Item> differentPeople = (a, b) -> {
                    FaceRow fa = faces.get(a.key());
                    FaceRow fb = faces.get(b.key());
                    return !fa.photoId().equals(fb.photoId()) && (fa.member() == null || !fa.member().equals(fb.member()));
                };
                List<Entry> truth = BruteForce.pairs(faceItems(red), differentPeople, farthest);
                JsonPath json = given().queryParam("k", 6).queryParam("scan", scan).queryParam("group", red)
                    .queryParam("by", "face").get("/api/pairs/" + order).then().statusCode(200).extract().jsonPath();
                assertRanking(truth, 6, pairEntries(json, "faceId"), order + " by face " + scan);
            }
        }
    }

    @Test
    void pairAnswersSayTheyScannedExactlyWhenMembersAreFew() {
        // a few members: below exact-scan-below and exact-farthest-below alike (this does not tell the two apart)
        for (String order : List.of("most-alike", "least-alike")) {
            given().get("/api/pairs/" + order).then().statusCode(200).body("scan", equalTo("exact"));
        }
    }

    @Test
    void anyPairHasItsDistance() {
        Map<String, MemberRow> members = t.members();
        String a = redMembers.get(1);
        String b = blueMembers.get(2);
        double d = Vectors.euclidean(members.get(a).vector(), members.get(b).vector());
        JsonPath json = given().get("/api/pairs/{a}/{b}", a, b).then().statusCode(200).extract().jsonPath();
        assertEquals(d, json.getDouble("distance"), BruteForce.EPS);
        assertEquals(1 - d * d / 2, json.getDouble("cosine"), BruteForce.EPS);
        assertEquals(b, json.getString("b.member"));
        assertEquals(blue, json.getString("b.group"));
    }

    // ---- average face -------------------------------------------------------------------------------------------

    @Test
    void averageFaceRankingsEqualBruteForce() {
        Map<String, MemberRow> members = t.members();
        for (String order : List.of("closest", "farthest")) {
            for (String scan : List.of("exact", "index")) {
                for (String group : new String[] {red, null}) {
                    List<Item> items = memberItems(members, group);
                    float[] mean = TestFaces.normalisedMean(items.stream().map(Item::vector).toList());
                    JsonPath json = given().queryParam("k", 5).queryParam("scan", scan).queryParam("group", group)
                        .get("/api/average-face/" + order).then().statusCode(200).extract().jsonPath();
                    assertEquals(items.size(), json.getInt("averaged"));
                    assertRanking(BruteForce.rank(items, mean, order.equals("farthest")), 5,
                        entries(json, "ranking", "member"), order + " " + scan + " group " + group);
                }
                List<Item> faces = faceItems(blue);
                float[] mean = TestFaces.normalisedMean(faces.stream().map(Item::vector).toList());
                JsonPath json = given().queryParam("k", 5).queryParam("scan", scan).queryParam("group", blue)
                    .queryParam("by", "face").get("/api/average-face/" + order).then().statusCode(200).extract().jsonPath();
                assertRanking(BruteForce.rank(faces, mean, order.equals("farthest")), 5,
                    entries(json, "ranking", "faceId"), order + " by face " + scan);
            }
        }
    }

    // ---- pair lists ---------------------------------------------------------------------------------------------

    @Test
    void pairListsAreRankedLiveByLikeness() {
        List<List<String>> pairs = List.of(List.of(redMembers.get(0), redMembers.get(1)),
            List.of(redMembers.get(2), blueMembers.get(0)), List.of(blueMembers.get(1), blueMembers.get(2)),
            List.of(redMembers.get(4), circleMembers.get(0)), List.of(blueMembers.get(3), redMembers.get(5)));
        Map<String, Object> body = Map.of("name", t.name("cp"),
            "pairs", pairs.stream().map(p -> Map.of("a", p.get(0), "b", p.get(1))).toList());

        given().contentType(ContentType.JSON).body(body).post("/api/pair-lists").then().statusCode(401)
            .contentType(containsString("application/problem+json"));
        long id = given().header("X-API-Key", KEY).contentType(ContentType.JSON).body(body).post("/api/pair-lists")
            .then().statusCode(201).body("pairs.size()", equalTo(5)).extract().jsonPath().getLong("id");
        given().get("/api/pair-lists/{id}", id).then().statusCode(200).body("name", equalTo(t.name("cp")));
        given().get("/api/pair-lists").then().statusCode(200).body("find { it.id == " + id + " }.pairCount", equalTo(5));

        Map<String, MemberRow> members = t.members();
        List<Entry> truth = pairs.stream().map(p -> new Entry(BruteForce.pairKey(p.get(0), p.get(1)),
                Vectors.euclidean(members.get(p.get(0)).vector(), members.get(p.get(1)).vector())))
            .sorted(java.util.Comparator.comparingDouble(Entry::distance)).toList();
        JsonPath ranking = given().get("/api/pair-lists/{id}/ranking", id).then().statusCode(200).extract().jsonPath();
        List<Entry> actual = new ArrayList<>();
        for (int i = 0; i < ranking.getList("pairs").size(); i++) {
            assertEquals(i + 1, ranking.getInt("pairs[" + i + "].rank"));
            actual.add(new Entry(BruteForce.pairKey(ranking.getString("pairs[" + i + "].a"), ranking.getString("pairs[" + i + "].b")),
                ranking.getDouble("pairs[" + i + "].distance")));
        }
        assertRanking(truth, truth.size(), actual, "pair list ranking");

        given().header("X-API-Key", KEY).contentType(ContentType.JSON)
            .body(Map.of("name", "x", "pairs", List.of(Map.of("a", redMembers.get(0), "b", "nobody-" + t.tag))))
            .post("/api/pair-lists").then().statusCode(422).contentType(containsString("application/problem+json"))
            .body("detail", containsString("nobody-" + t.tag));
        given().header("X-API-Key", KEY).contentType(ContentType.JSON)
            .body(Map.of("name", "x", "pairs", List.of(Map.of("a", redMembers.get(0), "b", redMembers.get(0)))))
            .post("/api/pair-lists").then().statusCode(400).contentType(containsString("application/problem+json"));

        given().header("X-API-Key", KEY).delete("/api/pair-lists/{id}", id).then().statusCode(204);
        given().get("/api/pair-lists/{id}/ranking", id).then().statusCode(404)
            .contentType(containsString("application/problem+json"));
    }

    // ---- maps and exports ---------------------------------------------------------------------------------------

    @Test
    void aMapOfPointsThatLieInAPlaneHasNoStress() {
        JsonPath json = given().get("/api/groups/{g}/map", circle).then().statusCode(200).extract().jsonPath();
        assertEquals(circleMembers.size(), json.getInt("count"));
        assertTrue(json.getDouble("stress") < 1e-3, "stress " + json.getDouble("stress"));
        assertTrue(json.getDouble("explained") > 0.999, "explained " + json.getDouble("explained"));
        Map<String, double[]> points = new HashMap<>();
        for (int i = 0; i < circleMembers.size(); i++) {
            points.put(json.getString("points[" + i + "].member"),
                new double[] {json.getDouble("points[" + i + "].x"), json.getDouble("points[" + i + "].y")});
        }
        for (String a : circleMembers) {
            for (String b : circleMembers) {
                double onMap = Math.hypot(points.get(a)[0] - points.get(b)[0], points.get(a)[1] - points.get(b)[1]);
                assertEquals(Vectors.euclidean(circleVectors.get(a), circleVectors.get(b)), onMap, 1e-3, a + " " + b);
            }
        }
        // a real team is not planar: the map says how much it loses
        double stress = given().get("/api/groups/{g}/map", red).then().statusCode(200)
            .body("points.size()", equalTo(redMembers.size())).extract().jsonPath().getDouble("stress");
        assertTrue(stress > 0.01 && stress < 1, "stress " + stress);
    }

    @Test
    void exportsHoldTheVectorsInOpenFaceFormat() {
        Map<String, MemberRow> members = t.members();
        List<String> names = redMembers.stream().sorted().toList();
        String[] reps = given().get("/api/export/reps.csv?group={g}", red).then().statusCode(200)
            .contentType(containsString("text/csv")).extract().asString().split("\n");
        String[] labels = given().get("/api/export/labels.csv?group={g}", red).then().statusCode(200)
            .extract().asString().split("\n");
        assertEquals(names.size(), reps.length);
        assertEquals(names.size(), labels.length);
        for (int i = 0; i < names.size(); i++) {
            float[] v = Vectors.parse("[" + reps[i] + "]");
            assertEquals(0, Vectors.euclidean(members.get(names.get(i)).vector(), v), 1e-6);
            assertEquals((i + 1) + ",./" + red + "/" + names.get(i), labels[i]);
        }
        String[] faceLabels = given().get("/api/export/labels.csv?group={g}&by=face", red).then().statusCode(200)
            .extract().asString().split("\n");
        assertEquals(t.faces().stream().filter(f -> red.equals(f.group()) && f.member() != null).count(), faceLabels.length);

        String[] matrix = given().get("/api/export/distances.csv?group={g}", blue).then().statusCode(200)
            .extract().asString().split("\n");
        List<String> header = List.of(matrix[0].split(","));
        assertEquals(blueMembers.size() + 1, header.size());
        for (int i = 1; i < matrix.length; i++) {
            String[] cells = matrix[i].split(",");
            for (int j = 1; j < cells.length; j++) {
                double d = Vectors.euclidean(members.get(cells[0]).vector(), members.get(header.get(j)).vector());
                assertEquals(d, Double.parseDouble(cells[j]), 1e-5);
            }
        }
    }

    // ---- probable persons among unlabelled faces ----------------------------------------------------------------

    @Test
    void unlabelledFacesAreGroupedIntoProbablePersons() {
        JsonPath json = given().queryParam("group", people).get("/api/people/suggested").then().statusCode(200)
            .body("threshold", equalTo(1.08f)).extract().jsonPath();
        // brute force: link every two faces of different photos closer than the threshold, take connected groups
        List<FaceRow> faces = t.faces().stream().filter(f -> people.equals(f.group())).toList();
        Map<Long, Long> root = new TreeMap<>();
        faces.forEach(f -> root.put(f.id(), f.id()));
        for (FaceRow a : faces) {
            for (FaceRow b : faces) {
                if (!a.photoId().equals(b.photoId()) && Vectors.euclidean(a.vector(), b.vector()) <= 1.08) {
                    long ra = find(root, a.id());
                    long rb = find(root, b.id());
                    root.put(Math.max(ra, rb), Math.min(ra, rb));
                }
            }
        }
        Set<Set<Long>> expected = faces.stream().collect(Collectors.groupingBy(f -> find(root, f.id()),
            Collectors.mapping(FaceRow::id, Collectors.toSet()))).values().stream().collect(Collectors.toSet());
        assertEquals(new HashSet<>(hiddenPersons), expected, "the synthetic persons are what brute force finds");

        Set<Set<Long>> found = new HashSet<>();
        for (int i = 0; i < json.getList("people").size(); i++) {
            found.add(new HashSet<>(json.getList("people[" + i + "].faces.faceId", Long.class)));
        }
        assertEquals(expected, found);
        assertEquals(3, json.getInt("people[0].faceCount"));
        // the person made from red0's face is recognised as red0
        int lookalike = -1;
        for (int i = 0; i < 3; i++) {
            if (new HashSet<>(json.getList("people[" + i + "].faces.faceId", Long.class)).equals(hiddenPersons.get(0))) {
                lookalike = i;
            }
        }
        assertEquals(redMembers.get(0), json.getString("people[" + lookalike + "].nearestMember.member"));
        assertTrue(json.getBoolean("people[" + lookalike + "].nearestMember.sameLikely"));
        given().queryParam("group", people).queryParam("minFaces", 2).get("/api/people/suggested").then()
            .statusCode(200).body("people.size()", equalTo(3));
    }

    // ---- errors -------------------------------------------------------------------------------------------------

    @Test
    void unknownNamesAre404ProblemJson() {
        String nobody = "nobody-" + t.tag;
        for (String path : List.of("/api/members/" + nobody, "/api/members/" + nobody + "/lookalikes",
            "/api/pairs/" + redMembers.get(0) + "/" + nobody, "/api/groups/" + nobody + "/map",
            "/api/pairs/most-alike?group=" + nobody, "/api/average-face/closest?group=" + nobody,
            "/api/members?group=" + nobody, "/api/pair-lists/987654321")) {
            given().get(path).then().statusCode(404).contentType(containsString("application/problem+json"))
                .body("status", equalTo(404)).body("detail", containsString(path.contains("pair-lists") ? "987654321" : nobody));
        }
    }

    @Test
    void badParametersAre400ProblemJson() {
        String member = redMembers.get(0);
        for (String path : List.of("/api/members/" + member + "/lookalikes?k=0", "/api/members/" + member + "/lookalikes?k=101",
            "/api/members/" + member + "/lookalikes?k=ten", "/api/pairs/most-alike?k=0", "/api/pairs/least-alike?k=1000",
            "/api/average-face/closest?k=-1", "/api/average-face/farthest?k=101", "/api/pairs/most-alike?by=person",
            "/api/pairs/most-alike?scan=fast", "/api/people/suggested?limit=0")) {
            given().get(path).then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("title", equalTo("Bad parameter"));
        }
        given().get("/api/members/{m}/lookalikes?k=100", member).then().statusCode(200);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private List<Item> memberItems(Map<String, MemberRow> members, String group) {
        return members.values().stream().filter(m -> group == null || group.equals(m.group()))
            .map(m -> new Item(m.name(), m.vector())).toList();
    }

    private List<Item> faceItems(String group) {
        return t.faces().stream().filter(f -> group == null || group.equals(f.group()))
            .map(f -> new Item(Long.toString(f.id()), f.vector())).toList();
    }

    private Map<String, FaceRow> facesById() {
        return t.faces().stream().collect(Collectors.toMap(f -> Long.toString(f.id()), f -> f));
    }

    private static List<Entry> entries(JsonPath json, String list, String key) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < json.getList(list).size(); i++) {
            assertEquals(i + 1, json.getInt(list + "[" + i + "].rank"));
            entries.add(new Entry(json.getString(list + "[" + i + "]." + key), json.getDouble(list + "[" + i + "].distance")));
            double d = json.getDouble(list + "[" + i + "].distance");
            // JsonPath reads JSON numbers as floats: agreement to float precision is all a client can see
            assertEquals(1 - d * d / 2, json.getDouble(list + "[" + i + "].cosine"), 1e-6);
        }
        return entries;
    }

    private static List<Entry> pairEntries(JsonPath json, String key) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < json.getList("pairs").size(); i++) {
            entries.add(new Entry(BruteForce.pairKey(json.getString("pairs[" + i + "].a." + key),
                json.getString("pairs[" + i + "].b." + key)), json.getDouble("pairs[" + i + "].distance")));
        }
        return entries;
    }

    private static long find(Map<Long, Long> root, long id) {
        while (root.get(id) != id) {
            id = root.get(id);
        }
        return id;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return all;
    }
}
