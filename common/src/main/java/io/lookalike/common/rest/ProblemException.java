package io.lookalike.common.rest;

import jakarta.ws.rs.core.Response.Status;
import java.util.Map;

/** A failure that reaches the client as RFC 7807 problem JSON with a sentence a person understands. */
public class ProblemException extends RuntimeException {
    public static final int UNPROCESSABLE = 422; // not in Response.Status

    private final int status;
    private final String title;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    public ProblemException(Status status, String title, String detail) {
        this(status.getStatusCode(), title, detail);
    }

    /** With extension members (RFC 7807 §3.2) beside status, title and detail, e.g. what went wrong per item. */
    public ProblemException(int status, String title, String detail, Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.title = title;
        this.extensions = Map.copyOf(extensions);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
