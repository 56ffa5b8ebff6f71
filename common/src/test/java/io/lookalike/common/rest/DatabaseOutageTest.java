package io.lookalike.common.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

    @Test
    void aRefusedOrDroppedConnectionDeepInTheChainIsAnOutage() {
        // as Hibernate wraps the driver's "Connection to 127.0.0.1:5432 refused" (08001)
        assertTrue(DatabaseOutage.isCause(new RuntimeException("tx", new IllegalStateException(
            new SQLException("Connection refused", "08001")))));
        assertTrue(DatabaseOutage.isCause(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(DatabaseOutage.isCause(new SQLException("the database system is starting up", "57P03")));
        assertTrue(DatabaseOutage.isCause(new SQLException("Sorry, acquisition timeout!")));
    }

    @Test
    void aBrokenQueryOrConstraintIsNot() {
        assertFalse(DatabaseOutage.isCause(new RuntimeException(new SQLException("syntax error", "42601"))));
        assertFalse(DatabaseOutage.isCause(new SQLException("duplicate key", "23505")));
        assertFalse(DatabaseOutage.isCause(new IllegalArgumentException("no SQL at all")));
    }
}
