package io.lookalike.analysis.query;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.query.Members.Member;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The distance between any two members, whether or not they make either's top k. */
@ApplicationScoped
public class PairDistance {

    public record Result(Subject a, Subject b, double distance, double cosine) {
    }

    private final DataSource db;
    private final Members members;
    private final AnalysisConfig config;

    public PairDistance(DataSource db, Members members, AnalysisConfig config) {
        this.db = db;
        this.members = members;
        this.config = config;
    }

    @Transactional
    public Result between(String a, String b) throws SQLException {
        try (Connection c = db.getConnection()) {
            Member ma = members.require(c, a);
            Member mb = members.require(c, b);
            double d = Sql.one(c, """
                    SELECT x.vector <-> y.vector FROM analysis.member x, analysis.member y
                    WHERE x.model_id = ? AND x.name = ? AND y.model_id = x.model_id AND y.name = ?""",
                rs -> rs.getDouble(1), config.modelId(), a, b);
            Distance distance = Distance.euclidean(d);
            return new Result(subject(ma), subject(mb), distance.distance(), distance.cosine());
        }
    }

    private static Subject subject(Member m) {
        Members.Summary s = m.summary();
        return Subject.member(s.name(), s.group(), s.photoCount(), s.faceCount());
    }
}
