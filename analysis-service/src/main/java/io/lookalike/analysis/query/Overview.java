package io.lookalike.analysis.query;

import io.lookalike.analysis.client.IngestGateway;
import io.lookalike.analysis.client.IngestGateway.PhotoCounts;
import io.lookalike.analysis.config.AnalysisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The dashboard's headline numbers: photos by pipeline status (ingest-service owns photos: asked over REST, null
 * when it does not answer), faces and members (read here, in one statement).
 */
@ApplicationScoped
public class Overview {

    public record Result(Long photos, Long queued, Long embedded, Long rejected, long faces, long unlabelledFaces,
                         long members, long groups) {
    }

    private final DataSource db;
    private final IngestGateway ingest;
    private final AnalysisConfig config;

    public Overview(DataSource db, IngestGateway ingest, AnalysisConfig config) {
        this.db = db;
        this.ingest = ingest;
        this.config = config;
    }

    public Result now() throws SQLException {
        long[] counts;
        try (Connection c = db.getConnection()) {
            counts = Sql.one(c, """
                    SELECT (SELECT count(*) FROM embed.face WHERE model_id = ?),
                           (SELECT count(*) FROM embed.face WHERE model_id = ? AND member IS NULL),
                           (SELECT count(*) FROM analysis.member WHERE model_id = ?),
                           (SELECT count(DISTINCT group_name) FROM analysis.member WHERE model_id = ?)""",
                rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)},
                config.modelId(), config.modelId(), config.modelId(), config.modelId());
        }
        Optional<PhotoCounts> photos = ingest.counts();
        return new Result(photos.map(PhotoCounts::photos).orElse(null), photos.map(PhotoCounts::queued).orElse(null),
            photos.map(PhotoCounts::embedded).orElse(null), photos.map(PhotoCounts::rejected).orElse(null),
            counts[0], counts[1], counts[2], counts[3]);
    }
}
