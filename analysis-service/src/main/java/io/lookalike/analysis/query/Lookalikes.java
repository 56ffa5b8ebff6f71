package io.lookalike.analysis.query;

import io.lookalike.analysis.query.Members.Member;
import io.lookalike.analysis.query.Neighbours.Filter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** "Who looks like X?": the members (or faces of others) nearest to X's mean vector. */
@ApplicationScoped
public class Lookalikes {

    public record Result(String member, String by, String group, List<Ranked> lookalikes) {
    }

    private final DataSource db;
    private final Members members;
    private final Neighbours neighbours;

    public Lookalikes(DataSource db, Members members, Neighbours neighbours) {
        this.db = db;
        this.members = members;
        this.neighbours = neighbours;
    }

    @Transactional
    public Result of(String name, Scope scope, String group, int k, Scan scan) throws SQLException {
        try (Connection c = db.getConnection()) {
            Member m = members.require(c, name);
            if (group != null && scope == Scope.MEMBER) {
                members.requireGroup(c, group);
            }
            // per face, X's own labelled faces are left out: they are X, not look-alikes
            List<Ranked> ranked = neighbours.nearest(c, scope, m.vector(), m.vector(), new Filter(group, name), k, scan);
            return new Result(name, scope.name().toLowerCase(), group, ranked);
        }
    }
}
