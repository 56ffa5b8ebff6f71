package io.lookalike.analysis.query;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.domain.PairList;
import io.lookalike.analysis.service.PairLists;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A pair list ranked by likeness from the current member vectors, so it changes as photos arrive. A pair whose
 * member has no vector any more (all its photos deleted) stays in the answer, unranked, naming who is missing.
 */
@ApplicationScoped
public class PairListRanking {

    public record Entry(Integer rank, String a, String groupA, String b, String groupB, Double distance,
                        Double cosine, List<String> missing) {
    }

    public record Result(long id, String name, List<Entry> pairs) {
    }

    private final DataSource db;
    private final PairLists lists;
    private final AnalysisConfig config;

    public PairListRanking(DataSource db, PairLists lists, AnalysisConfig config) {
        this.db = db;
        this.lists = lists;
        this.config = config;
    }

    @Transactional
    public Result rank(long id) throws SQLException {
        PairList list = lists.require(id);
        try (Connection c = db.getConnection()) {
            List<Object[]> rows = Sql.list(c, """
                    SELECT p.member_a, a.group_name AS group_a, a.name IS NOT NULL AS has_a,
                           p.member_b, b.group_name AS group_b, b.name IS NOT NULL AS has_b,
                           a.vector <-> b.vector AS d
                    FROM analysis.pair_list_pair p
                    LEFT JOIN analysis.member a ON a.model_id = ? AND a.name = p.member_a
                    LEFT JOIN analysis.member b ON b.model_id = ? AND b.name = p.member_b
                    WHERE p.list_id = ?
                    ORDER BY d NULLS LAST, p.position""",
                rs -> new Object[] {rs.getString("member_a"), rs.getString("group_a"), rs.getBoolean("has_a"),
                    rs.getString("member_b"), rs.getString("group_b"), rs.getBoolean("has_b"),
                    rs.getObject("d") == null ? null : rs.getDouble("d")},
                config.modelId(), config.modelId(), id);
            List<Entry> entries = new ArrayList<>();
            int rank = 0;
            for (Object[] r : rows) {
                if (r[6] == null) {
                    List<String> missing = new ArrayList<>();
                    if (!(Boolean) r[2]) {
                        missing.add((String) r[0]);
                    }
                    if (!(Boolean) r[5]) {
                        missing.add((String) r[3]);
                    }
                    entries.add(new Entry(null, (String) r[0], null, (String) r[3], null, null, null, missing));
                } else {
                    Distance d = Distance.euclidean((Double) r[6]);
                    entries.add(new Entry(++rank, (String) r[0], (String) r[1], (String) r[3], (String) r[4],
                        d.distance(), d.cosine(), List.of()));
                }
            }
            return new Result(list.id, list.name, entries);
        }
    }
}
