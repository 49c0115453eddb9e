package org.phoneflasher.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The box's SQLite file in the data dir. Migrations are numbered by their place in {@link #MIGRATIONS} and tracked
 * in PRAGMA user_version: append, never edit, so a box updated in the field upgrades its own file.
 */
public final class Database implements AutoCloseable {
    private static final List<String> MIGRATIONS = List.of(
            """
            CREATE TABLE lease (
              mac TEXT PRIMARY KEY,
              ip TEXT NOT NULL UNIQUE,
              expires_at INTEGER NOT NULL,
              vendor_class TEXT,
              hostname TEXT,
              updated_at INTEGER NOT NULL
            )""",
            """
            CREATE TABLE phone (
              mac TEXT PRIMARY KEY,
              model TEXT, ip TEXT,
              first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
              state TEXT NOT NULL,
              current_load TEXT, load_source TEXT, target_load TEXT,
              verified INTEGER NOT NULL DEFAULT 0,
              failure TEXT, advice TEXT
            );
            CREATE TABLE flash (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              mac TEXT NOT NULL, model TEXT, from_load TEXT, to_load TEXT,
              started INTEGER NOT NULL, finished INTEGER NOT NULL,
              result TEXT NOT NULL, reason TEXT
            );
            CREATE TABLE transfer (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              at INTEGER NOT NULL, mac TEXT, ip TEXT, file TEXT NOT NULL,
              bytes INTEGER NOT NULL, millis INTEGER NOT NULL, result TEXT NOT NULL
            );
            CREATE TABLE event (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              at INTEGER NOT NULL, kind TEXT NOT NULL, mac TEXT, text TEXT NOT NULL
            );
            CREATE INDEX event_at ON event(at)""");

    private final Connection connection;

    private Database(Connection connection) {
        this.connection = connection;
    }

    public static Database open(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("phoneflasher.db");
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement st = connection.createStatement()) {
                // A box loses power without warning: WAL keeps the file consistent after a cut.
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("PRAGMA busy_timeout=5000");
            }
            Database db = new Database(connection);
            db.migrate();
            return db;
        } catch (SQLException e) {
            throw new IOException("cannot open database " + file + ": " + e.getMessage(), e);
        }
    }

    /** A database that lives in memory only: for tests that drive many packets through code that writes. */
    public static Database inMemory() {
        try {
            Database db = new Database(DriverManager.getConnection("jdbc:sqlite::memory:"));
            db.migrate();
            return db;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private void migrate() throws SQLException {
        int version;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        for (int i = version; i < MIGRATIONS.size(); i++) {
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                for (String statement : MIGRATIONS.get(i).split(";\\s*\n")) {
                    st.execute(statement);
                }
                st.execute("PRAGMA user_version = " + (i + 1));
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** One connection, used by one caller at a time: SQLite serialises writers anyway. */
    public synchronized <T> T with(SqlWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Runs {@code work} in one transaction: all of it is written, or none of it. */
    public synchronized <T> T transaction(SqlWork<T> work) {
        return with(c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    public static final class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super("database: " + cause.getMessage(), cause);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing at shutdown: nothing left to save
        }
    }
}
