package io.lookalike.analysis.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC in a few lines: vector SQL reads best as SQL, and pgvector settings need the very connection. */
public final class Sql {

    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Sql() {
    }

    public static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row.read(rs));
            }
            return out;
        }
    }

    public static <T> T one(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        List<T> rows = list(c, sql, row, args);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** An INSERT, UPDATE or DELETE: the number of rows it changed. */
    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    public static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    /** Arguments of a query whose filters are optional: add only what the SQL asks for. */
    public static final class Args {
        private final List<Object> values = new ArrayList<>();

        public Args add(Object value) {
            values.add(value);
            return this;
        }

        public Args addIf(boolean condition, Object value) {
            if (condition) {
                values.add(value);
            }
            return this;
        }

        public Object[] array() {
            return values.toArray();
        }
    }
}
