package org.phoneflasher.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Database files a box may find in its data folder after a bad day. */
public final class CorruptFiles {
    private CorruptFiles() {}

    /**
     * A valid SQLite file (its header, schema and rows read fine) whose quick check fails: one leaf page's cell
     * pointers point past the page, as a torn write or a failing card leaves them.
     */
    public static void failingItsCheck(Path file) throws IOException, SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT)");
            st.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                    + "INSERT INTO t SELECT i, hex(randomblob(40)) FROM n");
        }
        breakPage(file, 5);
    }

    /** Overwrites the cell pointer array of page {@code page} (1-based, 4 KB pages) of a SQLite file. */
    public static void breakPage(Path file, int page) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(4096L * (page - 1) + 8);
            for (int i = 0; i < 40; i++) {
                f.write(0xff);
                f.write(0x7f);
            }
        }
    }
}
