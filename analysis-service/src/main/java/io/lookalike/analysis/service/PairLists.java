package io.lookalike.analysis.service;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.domain.MemberPair;
import io.lookalike.analysis.domain.PairList;
import io.lookalike.analysis.query.Sql;
import io.lookalike.common.rest.ProblemException;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response.Status;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/** Creates, reads and deletes pair lists; a new list may name only members that exist now, an erased one leaves them. */
@ApplicationScoped
public class PairLists {
    static final int MAX_PAIRS = 500;
    static final int MAX_NAME = 200;

    private final DataSource db;
    private final AnalysisConfig config;

    public PairLists(DataSource db, AnalysisConfig config) {
        this.db = db;
        this.config = config;
    }

    @Transactional
    public PairList create(String name, List<MemberPair> pairs) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw bad("Give the list a name of 1 to " + MAX_NAME + " characters.");
        }
        if (pairs == null || pairs.isEmpty() || pairs.size() > MAX_PAIRS) {
            throw bad("A list holds 1 to " + MAX_PAIRS + " pairs, each {\"a\": member, \"b\": member}.");
        }
        Set<String> seen = new HashSet<>();
        Set<String> names = new TreeSet<>();
        for (MemberPair p : pairs) {
            if (p == null || p.a == null || p.b == null || p.a.isBlank() || p.b.isBlank()) {
                throw bad("Every pair needs two member names, a and b.");
            }
            if (p.a.equals(p.b)) {
                throw bad("A pair needs two different members, not '" + p.a + "' twice.");
            }
            String key = p.a.compareTo(p.b) < 0 ? p.a + "\u0000" + p.b : p.b + "\u0000" + p.a;
            if (!seen.add(key)) {
                throw bad("The pair " + p.a + " / " + p.b + " is in the list twice.");
            }
            names.add(p.a);
            names.add(p.b);
        }
        names.removeAll(known(names));
        if (!names.isEmpty()) {
            throw new ProblemException(ProblemException.UNPROCESSABLE, "Unknown members",
                "These names are no members (yet): " + String.join(", ", names) + ". GET /api/members lists them.");
        }
        PairList list = new PairList();
        list.name = name.trim();
        list.createdAt = Instant.now();
        pairs.forEach(p -> list.pairs.add(new MemberPair(p.a, p.b)));
        list.persist();
        return list;
    }

    @Transactional
    public List<PairList> all() {
        return PairList.listAll(Sort.by("id"));
    }

    @Transactional
    public PairList require(long id) {
        PairList list = PairList.findById(id);
        if (list == null) {
            throw new ProblemException(Status.NOT_FOUND, "Unknown pair list", "There is no pair list with id " + id + ".");
        }
        list.pairs.size(); // loaded before the transaction ends
        return list;
    }

    @Transactional
    public void delete(long id) {
        require(id).delete();
    }

    /** Takes an erased member out of every pair list: its pairs go, the lists stay. The number of pairs removed. */
    @Transactional
    public int forget(String member) {
        int removed = 0;
        for (PairList list : PairList.<PairList>listAll()) {
            int before = list.pairs.size();
            list.pairs.removeIf(p -> member.equals(p.a) || member.equals(p.b));
            removed += before - list.pairs.size();
        }
        return removed;
    }

    private List<String> known(Set<String> names) {
        try (Connection c = db.getConnection()) {
            return Sql.list(c, "SELECT name FROM analysis.member WHERE model_id = ? AND name = ANY(?)",
                rs -> rs.getString(1), config.modelId(), c.createArrayOf("text", names.toArray()));
        } catch (SQLException e) {
            throw new IllegalStateException("Looking up members failed", e);
        }
    }

    private static ProblemException bad(String detail) {
        return new ProblemException(Status.BAD_REQUEST, "Bad pair list", detail);
    }
}
