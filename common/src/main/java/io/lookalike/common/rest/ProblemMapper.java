package io.lookalike.common.rest;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.handlers.FormBodyHandler;
import org.jboss.resteasy.reactive.server.handlers.InvocationHandler;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every error into RFC 7807 problem JSON, so clients never parse an HTML error page. */
public class ProblemMapper {
    public static final String PROBLEM_JSON = "application/problem+json";
    static final int RETRY_AFTER_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Problem(String type, String title, int status, String detail, String instance,
                          @JsonIgnore Map<String, Object> extensions) {
        public Problem(String type, String title, int status, String detail, String instance) {
            this(type, title, status, detail, instance, Map.of());
        }

        @JsonAnyGetter
        Map<String, Object> members() {
            return extensions;
        }
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.status(), e.title(), e.getMessage(), e.extensions(), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return respond(status.getStatusCode(), status.getReasonPhrase(), e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (DatabaseOutage.isCause(e)) { // not a bug: say so, and when to come back
            LOG.warnf("Database unavailable on %s: %s", uri.getPath(), e.getMessage());
            return Response.fromResponse(respond(503, "Service Unavailable",
                "The database is not reachable at the moment; try again in a few seconds.", uri))
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        if (thrownParsingTheForm(e)) {
            LOG.debugf("Malformed multipart body on %s: %s", uri.getPath(), e);
            return respond(400, "Malformed request body", "The request body is not well-formed multipart/form-data"
                + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + ": send each part with its headers, "
                + "between boundaries that match the Content-Type's boundary, and the closing boundary last.", uri);
        }
        LOG.error("Unexpected failure on " + uri.getPath(), e);
        return respond(500, "Internal error", "The server failed to handle this request; it has been logged.", uri);
    }

    /**
     * RESTEasy's form parser throws plain exceptions (IOException for a body cut short, MalformedMessageException,
     * an index error for an empty boundary) on bodies that are not valid multipart: that is the client's request,
     * not our failure. Told apart by the stack: thrown under the form handler, before any resource method ran.
     */
    static boolean thrownParsingTheForm(Throwable e) {
        boolean parsing = false;
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().equals(InvocationHandler.class.getName())) {
                return false;
            }
            parsing |= frame.getClassName().equals(FormBodyHandler.class.getName());
        }
        return parsing;
    }

    public static Response respond(int status, String title, String detail, UriInfo uri) {
        return respond(status, title, detail, Map.of(), uri);
    }

    static Response respond(int status, String title, String detail, Map<String, Object> extensions, UriInfo uri) {
        return Response.status(status).type(PROBLEM_JSON)
            .entity(new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath(), extensions))
            .build();
    }
}
