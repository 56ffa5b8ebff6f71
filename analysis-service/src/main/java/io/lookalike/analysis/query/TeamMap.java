package io.lookalike.analysis.query;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.lookalike.analysis.service.ClassicalMds;
import io.lookalike.common.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response.Status;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A 2-D map of a team where look-alikes sit close together: classical MDS of the members' distance matrix, as
 * the study plotted each team. Stress says how faithfully the plane keeps the 512-D distances.
 */
@ApplicationScoped
public class TeamMap {

    public record Point(@JsonUnwrapped Subject subject, double x, double y) {
    }

    public record Result(String group, String by, int count, double stress, double explained, List<Point> points) {
    }

    private final DataSource db;
    private final VectorSet vectors;

    public TeamMap(DataSource db, VectorSet vectors) {
        this.db = db;
        this.vectors = vectors;
    }

    public Result of(Scope scope, String group) throws SQLException {
        VectorSet.Loaded set;
        try (Connection c = db.getConnection()) {
            set = vectors.load(c, scope, group);
        }
        if (group != null && set.subjects().isEmpty()) {
            throw new ProblemException(Status.NOT_FOUND, "Unknown group", "No " + scope.name().toLowerCase()
                + " belongs to a group named '" + group + "'. GET /api/groups lists them.");
        }
        ClassicalMds.Embedding map = ClassicalMds.embed(set.distances(), 2);
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < set.subjects().size(); i++) {
            points.add(new Point(set.subjects().get(i), map.points()[i][0], map.points()[i][1]));
        }
        return new Result(group, scope.name().toLowerCase(), points.size(), map.stress(), map.explained(), points);
    }
}
