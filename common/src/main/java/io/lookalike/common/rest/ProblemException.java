package io.lookalike.common.rest;

import jakarta.ws.rs.core.Response.Status;

/** A failure that reaches the client as RFC 7807 problem JSON with a sentence a person understands. */
public class ProblemException extends RuntimeException {
    public static final int UNPROCESSABLE = 422; // not in Response.Status

    private final int status;
    private final String title;

    public ProblemException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public ProblemException(Status status, String title, String detail) {
        this(status.getStatusCode(), title, detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
