package io.lookalike.analysis.query;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.common.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response.Status;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Face pictures for people to look at: embed-service cuts a small JPEG of every face when it embeds it
 * ({@code embed.face.thumbnail}); a member is pictured by its most typical face, the one nearest its mean vector.
 */
@ApplicationScoped
public class Thumbnails {
    private final DataSource db;
    private final AnalysisConfig config;

    public Thumbnails(DataSource db, AnalysisConfig config) {
        this.db = db;
        this.config = config;
    }

    /** The JPEG of one face; 404 when the face is gone or was embedded before thumbnails were kept. */
    public byte[] ofFace(long faceId) throws SQLException {
        try (Connection c = db.getConnection()) {
            // no row: no such face; a row without bytes: a face stored before thumbnails were kept
            Optional<byte[]> found = Sql.one(c, "SELECT thumbnail FROM embed.face WHERE id = ?",
                rs -> Optional.ofNullable(rs.getBytes(1)), faceId);
            if (found == null) {
                throw new ProblemException(Status.NOT_FOUND, "No such face", "There is no face " + faceId + ".");
            }
            return found.orElseThrow(() -> new ProblemException(Status.NOT_FOUND, "No thumbnail",
                "Face " + faceId + " was embedded before thumbnails were kept: re-embed (POST /api/admin/reembed on embed-service)."));
        }
    }

    /** The id of the member's face nearest to the member's vector (exact: a member has few faces). */
    public long typicalFace(String member) throws SQLException {
        try (Connection c = db.getConnection()) {
            Long id = Sql.one(c, """
                    SELECT f.id FROM analysis.member m
                    JOIN embed.face f ON f.model_id = m.model_id AND f.member = m.name
                    WHERE m.model_id = ? AND m.name = ?
                    ORDER BY f.embedding <-> m.vector, f.id
                    LIMIT 1""", rs -> rs.getLong(1), config.modelId(), member);
            if (id == null) {
                throw new ProblemException(Status.NOT_FOUND, "Unknown member", "No member is called '" + member + "'.");
            }
            return id;
        }
    }
}
