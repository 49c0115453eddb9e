package org.phoneflasher.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.LinkOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The box's SQLite file in the data dir. Migrations are numbered by their place in {@link #MIGRATIONS} and tracked
 * in PRAGMA user_version: append, never edit, so a box updated in the field upgrades its own file.
 */
public final class Database implements AutoCloseable {
    static final List<String> MIGRATIONS = List.of(
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
            CREATE INDEX event_at ON event(at)""",
            // What the phone's own page says it is, so the history of a stack of phones is their inventory.
            """
            ALTER TABLE phone ADD COLUMN serial_number TEXT;
            ALTER TABLE phone ADD COLUMN hardware_revision TEXT;
            ALTER TABLE flash ADD COLUMN serial_number TEXT;
            ALTER TABLE flash ADD COLUMN hardware_revision TEXT""");

    static final String FILE = "phoneflasher.db";
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Connection connection;
    private final Path setAside;
    private final String notKept;

    private Database(Connection connection, Path setAside, String notKept) {
        this.connection = connection;
        this.setAside = setAside;
        this.notKept = notKept;
    }

    /**
     * Opens the box's database in {@code dataDir}. The box must serve whatever the file's state: a file SQLite cannot
     * use (garbage, failing its quick check, read-only) is set aside under a timestamped name and a fresh one made;
     * when not even that works (the folder cannot be written), the box runs on a database in memory and says so.
     */
    public static Database open(Path dataDir) {
        return open(dataDir, Clock.systemUTC());
    }

    public static Database open(Path dataDir, Clock clock) {
        Path file = dataDir.resolve(FILE);
        boolean corrupt;
        try {
            Files.createDirectories(dataDir);
            return new Database(openFile(file), null, null);
        } catch (SQLException e) {
            if (!unusable(e)) {
                return inMemory("cannot open " + file + ": " + e.getMessage(), null);
            }
            LOG.warn("database {} is unusable ({}): setting it aside", file, e.getMessage());
            corrupt = (e.getErrorCode() & 0xff) == SQLITE_CORRUPT || (e.getErrorCode() & 0xff) == SQLITE_NOTADB;
        } catch (IOException e) {
            return inMemory("cannot open " + file + ": " + e, null);
        }
        Path aside = file.resolveSibling(FILE + ".unusable-" + STAMP.format(clock.instant()));
        try {
            // -wal and -shm belong to the old file: a fresh database must not replay them.
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Path part = file.resolveSibling(FILE + suffix);
                if (Files.exists(part, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(part, aside.resolveSibling(aside.getFileName() + suffix));
                }
            }
            Database fresh = new Database(openFile(file), aside, null);
            LOG.warn("database set aside as {}; a fresh one is in use", aside);
            return fresh;
        } catch (IOException | SQLException e) {
            // A sound file that cannot be written (a read-only folder) still holds the leases and history: start from them.
            return inMemory("cannot set " + file + " aside for a fresh one: " + e.getMessage(), corrupt ? null : file);
        }
    }

    private static Connection openFile(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try {
            try (Statement st = connection.createStatement()) {
                // Checked before anything writes to it, so a file set aside is kept exactly as it was found.
                try (ResultSet rs = st.executeQuery("PRAGMA quick_check(1)")) {
                    String verdict = rs.next() ? rs.getString(1) : "no answer";
                    if (!"ok".equals(verdict)) {
                        String first = verdict.lines().filter(line -> !line.startsWith("***")).findFirst().orElse(verdict);
                        throw new SQLException("quick_check: " + first, "corrupt", SQLITE_CORRUPT);
                    }
                }
                // A box loses power without warning: WAL keeps the file consistent after a cut, and FULL syncs every
                // commit (NORMAL leaves the WAL to the next checkpoint: a cut lost rows minutes old). WriteBehind's
                // batches keep that to one sync a second.
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=5000");
            }
            migrate(connection);
            try (Statement st = connection.createStatement()) {
                // A file the box may read but not write would fail every write later: find out now.
                st.execute("PRAGMA user_version = " + MIGRATIONS.size());
            } catch (SQLException e) {
                int code = e.getErrorCode() & 0xff;
                if (code != SQLITE_FULL && code != SQLITE_IOERR) {
                    throw e;
                }
                // A full disk is no fault of the file: keep it, the writer reports it and writes once there is room.
                LOG.warn("database {}: {}", file, e.getMessage());
            }
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    private static Database inMemory(String reason, Path copyOf) {
        LOG.error("{}; the box serves from memory and keeps nothing across a restart", reason);
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
            if (copyOf != null) {
                try (Statement st = connection.createStatement()) {
                    st.executeUpdate("restore from " + copyOf);
                    LOG.info("the database in memory starts as a copy of {}", copyOf);
                } catch (SQLException e) {
                    LOG.warn("could not copy {} into memory: {}", copyOf, e.getMessage());
                }
            }
            migrate(connection);
            return new Database(connection, null, reason);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** A database that lives in memory only: for tests that drive many packets through code that writes. */
    public static Database inMemory() {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
            migrate(connection);
            return new Database(connection, null, null);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Where an unusable file found at start was moved, if one was. */
    public Optional<Path> setAside() {
        return Optional.ofNullable(setAside);
    }

    /** Why this database is in memory although the box has a data folder; empty when it is the file. */
    public Optional<String> notKept() {
        return Optional.ofNullable(notKept);
    }

    private static final int SQLITE_PERM = 3;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_NOTADB = 26;

    /** The file itself is at fault (not the disk being full): a fresh file would do. */
    private static boolean unusable(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == SQLITE_CORRUPT || code == SQLITE_NOTADB || code == SQLITE_READONLY || code == SQLITE_PERM
                || code == SQLITE_CANTOPEN;
    }

    /** A failure of the storage (full, read-only, I/O), which may pass, rather than of the statement. */
    static boolean storageFailure(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_READONLY || code == SQLITE_PERM
                || code == SQLITE_CANTOPEN || code == SQLITE_CORRUPT;
    }

    private static void migrate(Connection connection) throws SQLException {
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
                // SQLite may have rolled back already (a full disk does): the first failure is the one to report.
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // no transaction left to end
                }
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

        /** The disk or file refused the write (full, read-only, I/O error): writing may work again later. */
        public boolean storageFailure() {
            return Database.storageFailure((SQLException) getCause());
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
