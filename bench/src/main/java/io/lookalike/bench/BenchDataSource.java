package io.lookalike.bench;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * What the query classes get instead of the service's pool: one open connection per thread (a new connection per
 * query would add the SCRAM handshake to every figure), and every {@code getConnection()} to {@code close()} is one
 * transaction, as {@code @Transactional} gives them in the service, so their {@code SET LOCAL} planner settings hold
 * for the query and end with it.
 */
final class BenchDataSource implements DataSource {

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws Exception;
    }

    private final String url;
    private final String user;
    private final String password;
    private final ThreadLocal<Connection> connections = new ThreadLocal<>();

    BenchDataSource(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** A connection of its own, autocommit, for set-up statements. */
    Connection raw() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    <T> T inTransaction(Work<T> work) throws Exception {
        try (Connection c = getConnection()) {
            return work.run(c);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection target = connections.get();
        if (target == null || target.isClosed()) {
            target = raw();
            connections.set(target);
        }
        target.setAutoCommit(false);
        Connection shared = target;
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
                if (method.getName().equals("close")) {
                    if (!shared.getAutoCommit()) {
                        shared.commit(); // after an error PostgreSQL turns this into a rollback
                    }
                    return null;
                }
                try {
                    return method.invoke(shared, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
