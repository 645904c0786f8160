package io.xiaoneng.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL 17 server from the zonky binaries on Maven Central: one server, one database per service,
 * owned by an application role (services never connect as the superuser).
 */
public final class PostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Commits commits;

    private PostgresServer(EmbeddedPostgres postgres, Commits commits) {
        this.postgres = postgres;
        this.commits = commits;
    }

    /** When a commit returns to the client. */
    public enum Commits {
        /**
         * {@code synchronous_commit=on}, PostgreSQL's own default and what production runs: a commit returns once its
         * WAL is on disk, so a request the services acknowledged survives a crash of the database or the machine.
         */
        DURABLE,
        /**
         * {@code synchronous_commit=off}: a commit returns before its WAL is flushed (at most ~3 × wal_writer_delay
         * later). A crash can lose the last moments of acknowledged commits, never corrupt the data. For tests, whose
         * databases are thrown away: they run faster without waiting for the disk.
         */
        ASYNC;

        /** For a {@code -D} property: {@code durable} or {@code async}, any case; absent → {@code fallback}. */
        public static Commits of(String value, Commits fallback) {
            return value == null || value.isBlank() ? fallback : valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Starts PostgreSQL on {@code port} (0 = any free port) with its data in {@code dataDir}; an existing data
     * directory is reused, so data persists between runs.
     */
    public static PostgresServer start(int port, Path dataDir, Path binariesDir, List<String> databases, Commits commits)
            throws IOException, SQLException {
        Files.createDirectories(binariesDir);
        removeStalePostmaster(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(binariesDir.toFile())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "on")
                // zonky's builder turns synchronous commits off unless told otherwise: say which it is every time
                .setServerConfig("synchronous_commit", commits == Commits.DURABLE ? "on" : "off");
        if (port > 0) {
            builder.setPort(port);
        }
        if (dataDir != null) {
            Files.createDirectories(dataDir.getParent());
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
        }
        PostgresServer server = new PostgresServer(builder.start(), commits);
        server.ensureDatabases(databases);
        return server;
    }

    public Commits commits() {
        return commits;
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Creates the database (owned by the application role) unless it exists. */
    public void ensureDatabase(String database) throws SQLException {
        ensureDatabases(List.of(database));
    }

    private synchronized void ensureDatabases(List<String> databases) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            if (!exists(c, "select 1 from pg_roles where rolname = ?", StackLayout.DB_USER)) {
                s.execute("create role " + StackLayout.DB_USER + " login password '" + StackLayout.DB_PASSWORD + "'");
            }
            for (String db : databases) {
                if (!exists(c, "select 1 from pg_database where datname = ?", db)) {
                    s.execute("create database " + db + " owner " + StackLayout.DB_USER);
                }
            }
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * A launcher killed with SIGKILL leaves its postmaster running (INFRA.md); stop it before reusing the data
     * directory, otherwise the new server refuses to start on a locked data directory.
     */
    private static void removeStalePostmaster(Path dataDir) {
        if (dataDir == null) {
            return;
        }
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(p -> {
                try {
                    // SIGINT is PostgreSQL's "fast shutdown": roll back, write a checkpoint, exit.
                    new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
                    p.onExit().get(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            });
            Files.deleteIfExists(pidFile);
        } catch (IOException | RuntimeException e) {
            // An unreadable pid file is stale by definition; PostgreSQL itself re-checks the lock.
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
