package io.lookalike.analysis.query;

import io.lookalike.common.rest.ProblemException;
import jakarta.ws.rs.core.Response.Status;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * What a query ranks ({@code ?by=}): members (their mean vectors, as in the study; the default) or single faces.
 * Holds the SQL that differs between the two tables, so each query is written once.
 */
public enum Scope {
    MEMBER("analysis.member", "vector", "name"),
    FACE("embed.face", "embedding", "id");

    private final String table;
    private final String vector;
    private final String key;

    Scope(String table, String vector, String key) {
        this.table = table;
        this.vector = vector;
        this.key = key;
    }

    public static Scope of(String by) {
        if (by == null || by.isBlank() || by.equals("member")) {
            return MEMBER;
        }
        if (by.equals("face")) {
            return FACE;
        }
        throw new ProblemException(Status.BAD_REQUEST, "Bad parameter", "by must be 'member' or 'face', not '" + by + "'.");
    }

    public String table() {
        return table;
    }

    /** The vector column of {@code alias}. */
    public String vector(String alias) {
        return alias + "." + vector;
    }

    /**
     * The cosine-distance expression the scope's HNSW index serves: both tables index half-precision copies of their
     * vectors (half the index pages to keep in memory and to visit per search; embed V4, analysis V2); the distances
     * reported are computed on the full vectors.
     */
    public String indexed(String alias, String target) {
        return "(%s::halfvec(512)) <=> (%s)::halfvec(512)".formatted(vector(alias), target);
    }

    public String key(String alias) {
        return alias + "." + key;
    }

    /** The columns {@link #read} needs, named {@code prefix + column}. */
    public String columns(String alias, String prefix) {
        String columns = switch (this) {
            case MEMBER -> "%1$s.name AS %2$smember, %1$s.group_name AS %2$sgroup, %1$s.photo_count AS %2$sphotos, "
                + "%1$s.face_count AS %2$sfaces";
            case FACE -> "%1$s.id AS %2$sface, %1$s.photo_id AS %2$sphoto, %1$s.member AS %2$smember, "
                + "%1$s.group_name AS %2$sgroup";
        };
        return columns.formatted(alias, prefix);
    }

    public Subject read(ResultSet rs, String prefix) throws SQLException {
        return switch (this) {
            case MEMBER -> Subject.member(rs.getString(prefix + "member"), rs.getString(prefix + "group"),
                rs.getInt(prefix + "photos"), rs.getInt(prefix + "faces"));
            case FACE -> Subject.face(rs.getLong(prefix + "face"), rs.getObject(prefix + "photo", UUID.class),
                rs.getString(prefix + "member"), rs.getString(prefix + "group"));
        };
    }

    /** Leaves out the member itself, or (per face) the faces labelled with it; one text parameter. */
    public String notLabelled(String alias) {
        return this == MEMBER ? alias + ".name <> ?" : alias + ".member IS DISTINCT FROM ?";
    }

    /**
     * Pairs that say nothing about look-alikes: a member with itself; per face, two faces of one photo (two people)
     * or two faces labelled as the same member. Symmetric, so the per-subject k-NN argument of pair rankings holds.
     */
    public String pairable(String a, String b) {
        return this == MEMBER
            ? "%2$s.name <> %1$s.name".formatted(a, b)
            : ("%2$s.photo_id <> %1$s.photo_id AND (%1$s.member IS NULL OR %2$s.member IS DISTINCT FROM %1$s.member)")
                .formatted(a, b);
    }
}
