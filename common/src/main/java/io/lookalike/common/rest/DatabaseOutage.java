package io.lookalike.common.rest;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure caused by the database being away (stopped, restarting, unreachable, out of connections) from a
 * bug: the first is worth a 503 and a retry, the second a 500 and a stack trace. It reads the cause chain, because
 * Hibernate, Agroal and Narayana each wrap the driver's exception in their own.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && (unavailable(sql.getSQLState()) || acquisitionTimeout(sql))) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57P (server shutting down or starting). */
    static boolean unavailable(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P"));
    }

    /** Agroal's "no connection within the acquisition timeout", which carries no SQLSTATE. */
    private static boolean acquisitionTimeout(SQLException e) {
        return e.getSQLState() == null && e.getMessage() != null && e.getMessage().contains("acquisition timeout");
    }
}
