package io.lookalike.common.rest;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Writes under /api need a key in {@code X-API-Key}; reads stay open. Several keys may be valid at once so a key
 * can be rotated without downtime. Compared in constant time so response timing does not leak a key.
 */
public class ApiKeyFilter {
    public static final String HEADER = "X-API-Key";
    private static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final List<byte[]> keys;

    public ApiKeyFilter(@ConfigProperty(name = "lookalike.api-keys") Optional<List<String>> keys) {
        this.keys = keys.orElse(List.of()).stream()
            .map(String::trim).filter(k -> !k.isEmpty())
            .map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @ServerRequestFilter
    public Optional<jakarta.ws.rs.core.Response> requireKey(ContainerRequestContext request) {
        if (READS.contains(request.getMethod()) || !request.getUriInfo().getPath().startsWith("/api/")) {
            return Optional.empty();
        }
        String given = request.getHeaderString(HEADER);
        if (given != null && matches(given.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        String detail = given == null
            ? "This request changes data: send your API key in the " + HEADER + " header."
            : "The API key in " + HEADER + " is not valid.";
        return Optional.of(ProblemMapper.respond(401, "Unauthorized", detail, request.getUriInfo()));
    }

    private boolean matches(byte[] given) {
        boolean ok = false;
        for (byte[] key : keys) {
            ok |= MessageDigest.isEqual(key, given); // no early exit: every key is compared
        }
        return ok;
    }
}
