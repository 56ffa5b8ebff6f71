package io.lookalike.analysis.rest;

import jakarta.ws.rs.core.Response;
import java.net.http.HttpResponse;
import java.util.Set;

/** An answer of ingest-service passed on as it came: status, body and the headers worth passing on. */
final class Relayed {
    /** Hop-by-hop headers (connection, transfer-encoding) are the server's own. */
    private static final Set<String> PASSED_ON = Set.of("content-type", "location", "cache-control", "etag", "retry-after");

    static Response of(HttpResponse<byte[]> answer) {
        Response.ResponseBuilder response = Response.status(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            if (PASSED_ON.contains(name.toLowerCase())) {
                values.forEach(v -> response.header(name, v));
            }
        });
        return response.entity(answer.body().length == 0 ? null : answer.body()).build();
    }

    private Relayed() {
    }
}
