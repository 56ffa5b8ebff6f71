package io.lookalike.analysis;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lookalike.analysis.BruteForce.Entry;
import io.lookalike.analysis.BruteForce.Item;
import io.lookalike.analysis.TestFaces.MemberRow;
import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.service.MemberRefresh;
import io.lookalike.analysis.service.NeighbourLists;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Each member's kept nearest and farthest members (NeighbourLists) equal a brute-force ranking after members arrive,
 * move and leave, and the pair rankings read from them equal the brute-force pairs. Starts below K members (lists
 * hold everyone), grows past it (lists fill and trim), then moves members far away (lists that held them rebuild).
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NeighbourListsTest {

    @Inject
    DataSource db;

    @Inject
    MemberRefresh refresh;

    @Inject
    NeighbourLists lists;

    @Inject
    AnalysisConfig config;

    TestFaces t;
    final List<String> names = new ArrayList<>();

    @AfterAll
    void removeFaces() throws SQLException {
        t.cleanUp();
        refresh.recomputeNow();
        lists.update();
    }

    @Test
    void listsStayExactAsMembersArriveMoveAndLeave() throws SQLException {
        t = new TestFaces(db, 11);
        String red = t.name("red");
        String blue = t.name("blue");
        float[] redCenter = t.randomUnit();
        float[] blueCenter = t.randomUnit();

        arrive(10, red, redCenter);
        settle();
        assertExact("10 members (fewer than K: lists hold everyone)");

        arrive(20, blue, blueCenter);
        arrive(10, red, redCenter);
        for (String name : names.subList(0, 5)) { // a new photo moves a member's mean a little
            t.insert(UUID.randomUUID(), 0, name, red, t.near(t.members().get(name).vector(), 0.6));
        }
        for (String name : List.of(names.get(5), names.get(12), names.get(25))) { // erased: all faces gone
            t.execute("DELETE FROM embed.face WHERE model_id = ? AND member = ?", TestFaces.MODEL, name);
            names.remove(name);
        }
        settle();
        assertExact("37 members after arrivals, small moves and removals");

        for (String name : List.of(names.get(1), names.get(20), names.get(30))) { // relabelled: a different face
            t.execute("DELETE FROM embed.face WHERE model_id = ? AND member = ?", TestFaces.MODEL, name);
            t.insert(UUID.randomUUID(), 0, name, blue, t.randomUnit());
        }
        settle();
        assertExact("after three members moved far away");

        int k = config.pairs().neighbours() + 1; // beyond the lists: searched per member, same answer
        JsonPath json = given().queryParam("k", k).get("/api/pairs/most-alike").then().statusCode(200).extract().jsonPath();
        assertEquals("searches", json.getString("from"));
        BruteForce.assertRanking(BruteForce.pairs(items(), (a, b) -> true, false), k, pairEntries(json), "k beyond the lists");
    }

    private void arrive(int count, String group, float[] groupCenter) {
        for (int i = 0; i < count; i++) {
            String name = t.name(group.substring(0, group.indexOf('-')) + names.size());
            names.add(name);
            float[] center = TestFaces.mix(groupCenter, t.randomUnit(), 0.4 + 0.5 * t.nextDouble());
            for (int p = 0; p < 1 + i % 2; p++) {
                t.insert(UUID.randomUUID(), 0, name, group, t.near(center, 0.5));
            }
        }
    }

    /** What the scheduled runs would do within a second or two, done now. */
    private void settle() throws SQLException {
        refresh.recomputeNow();
        lists.update();
    }

    private void assertExact(String when) throws SQLException {
        List<Item> items = items();
        assertEquals(names.stream().sorted().toList(),
            items.stream().map(Item::key).filter(n -> n.endsWith(t.tag)).sorted().toList(), when + ": members");
        int size = config.pairs().neighbours();
        for (Item member : items) {
            List<Item> others = items.stream().filter(i -> !i.key().equals(member.key())).toList();
            for (boolean far : new boolean[] {false, true}) {
                BruteForce.assertRanking(BruteForce.rank(others, member.vector(), far), size, stored(member.key(), far),
                    when + ": " + (far ? "farthest" : "nearest") + " of " + member.key());
            }
        }
        for (String order : List.of("most-alike", "least-alike")) {
            JsonPath json = given().queryParam("k", 10).get("/api/pairs/" + order).then().statusCode(200)
                .extract().jsonPath();
            assertEquals("neighbour-lists", json.getString("from"), when + ": " + order + " read from the lists");
            assertEquals("exact", json.getString("scan"));
            BruteForce.assertRanking(BruteForce.pairs(items, (a, b) -> true, order.equals("least-alike")), 10,
                pairEntries(json), when + ": " + order);
        }
    }

    private List<Item> items() {
        Map<String, MemberRow> members = t.members();
        return members.values().stream().map(m -> new Item(m.name(), m.vector())).toList();
    }

    private List<Entry> stored(String name, boolean far) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT other, distance FROM analysis.member_neighbour WHERE model_id = ? AND name = ? AND far = ?
                ORDER BY distance""" + (far ? " DESC" : ""))) {
            ps.setString(1, TestFaces.MODEL);
            ps.setString(2, name);
            ps.setBoolean(3, far);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getString(1), rs.getDouble(2)));
                }
            }
            return entries;
        }
    }

    private static List<Entry> pairEntries(JsonPath json) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < json.getList("pairs").size(); i++) {
            entries.add(new Entry(BruteForce.pairKey(json.getString("pairs[" + i + "].a.member"),
                json.getString("pairs[" + i + "].b.member")), json.getDouble("pairs[" + i + "].distance")));
        }
        return entries;
    }
}
