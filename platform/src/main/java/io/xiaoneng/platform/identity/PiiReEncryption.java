package io.xiaoneng.platform.identity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Rewrites every stored value not encrypted with the {@link PiiCipher}'s current key, after a key rotation: the
 * values under older keys are decrypted and encrypted again with the current key, in bounded batches, each batch
 * its own transaction.
 *
 * <p>Rows are taken with {@code FOR UPDATE SKIP LOCKED} in key order (keyset paging), so two replicas running the
 * job at once share the rows instead of waiting for or overwriting each other, and a business transaction holding
 * a row only defers that row to a later run. A value that cannot be decrypted (its key is no longer configured, or
 * it is corrupt) is counted and named by table and row id in the log, never by its content, and the job goes on.
 * Running it again is safe: values already under the current key are not selected. The report's
 * {@code remaining} says how many values are still under an older key — only when it is 0 (after a run with
 * nothing unreadable) may an older key be removed from the configuration.
 */
public final class PiiReEncryption {

    private static final Logger LOG = Logger.getLogger(PiiReEncryption.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    /** A table holding encrypted values: its primary key column and the columns holding {@link PiiCipher} values. */
    public record EncryptedColumns(String table, String idColumn, List<String> columns) {
        public EncryptedColumns {
            columns = List.copyOf(columns);
            for (String identifier : concat(table, idColumn, columns)) {
                if (!IDENTIFIER.matcher(identifier).matches()) {
                    throw new IllegalArgumentException("not an SQL identifier: " + identifier);
                }
            }
        }
    }

    /**
     * @param currentKey      the key version everything was re-encrypted with
     * @param rewritten       values this run re-encrypted
     * @param unreadable      values this run could not decrypt (see the log for table and id)
     * @param remainingByKey  values still under another key after the run, by key version (empty when done)
     */
    public record Report(String currentKey, long rewritten, long unreadable, Map<String, Long> remainingByKey) {
        /** Values still under another key: 0 when an older key may be removed. */
        @com.fasterxml.jackson.annotation.JsonProperty
        public long remaining() {
            return remainingByKey.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final DataSource dataSource;
    private final PiiCipher cipher;
    private final List<EncryptedColumns> tables;
    private final int batchSize;
    private final Counter rewrittenCounter;
    private final Counter unreadableCounter;

    /**
     * @param registry where the counters {@code xiaoneng.pii.reencrypted} and {@code xiaoneng.pii.reencrypt.unreadable}
     *                 go; {@code null} for none
     */
    public PiiReEncryption(DataSource dataSource, PiiCipher cipher, List<EncryptedColumns> tables, int batchSize,
                           MeterRegistry registry) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.dataSource = dataSource;
        this.cipher = cipher;
        this.tables = List.copyOf(tables);
        this.batchSize = batchSize;
        this.rewrittenCounter = registry == null ? null : Counter.builder("xiaoneng.pii.reencrypted")
                .description("Personal-data values re-encrypted with the current key").register(registry);
        this.unreadableCounter = registry == null ? null : Counter.builder("xiaoneng.pii.reencrypt.unreadable")
                .description("Personal-data values the re-encryption job could not decrypt").register(registry);
    }

    /** One full pass over every table; see the class comment. */
    public Report run() throws SQLException {
        String current = cipher.currentVersion();
        LOG.infof("PII re-encryption to key %s started: %s", current, countByKey());
        long rewritten = 0;
        long unreadable = 0;
        for (EncryptedColumns t : tables) {
            Object after = null;
            while (true) {
                Batch batch = batch(t, after);
                rewritten += batch.rewritten;
                unreadable += batch.unreadable;
                if (rewrittenCounter != null) {
                    rewrittenCounter.increment(batch.rewritten);
                    unreadableCounter.increment(batch.unreadable);
                }
                if (batch.rows > 0) {
                    LOG.infof("PII re-encryption %s: %d values rewritten so far (%d unreadable)", t.table(), rewritten, unreadable);
                }
                if (batch.rows < batchSize) {
                    break;
                }
                after = batch.lastId;
            }
        }
        Map<String, Long> remaining = countByKey();
        remaining.remove(current);
        Report report = new Report(current, rewritten, unreadable, remaining);
        LOG.infof("PII re-encryption to key %s finished: %d rewritten, %d unreadable, still under other keys: %s",
                current, rewritten, unreadable, remaining);
        return report;
    }

    /** How many stored values each key version encrypted, over all tables. */
    public Map<String, Long> countByKey() throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (EncryptedColumns t : tables) {
                for (String column : t.columns()) {
                    try (PreparedStatement ps = c.prepareStatement("select split_part(" + column + ", ':', 1), count(*) from "
                            + t.table() + " where " + column + " is not null group by 1");
                         ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            counts.merge(rs.getString(1), rs.getLong(2), Long::sum);
                        }
                    }
                }
            }
        }
        return counts;
    }

    private static final class Batch {
        int rows;
        long rewritten;
        long unreadable;
        Object lastId;
    }

    private Batch batch(EncryptedColumns t, Object after) throws SQLException {
        String notCurrent = String.join(" or ", t.columns().stream().map(col -> col + " not like ?").toList());
        String sql = "select " + t.idColumn() + ", " + String.join(", ", t.columns()) + " from " + t.table()
                + " where (" + notCurrent + ")" + (after == null ? "" : " and " + t.idColumn() + " > ?")
                + " order by " + t.idColumn() + " limit ? for update skip locked";
        String update = "update " + t.table() + " set "
                + String.join(", ", t.columns().stream().map(col -> col + " = ?").toList())
                + " where " + t.idColumn() + " = ?";
        String currentPattern = cipher.currentVersion() + ":%";
        Batch batch = new Batch();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Object[]> changed = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int i = 1;
                    for (int n = 0; n < t.columns().size(); n++) {
                        ps.setString(i++, currentPattern);
                    }
                    if (after != null) {
                        ps.setObject(i++, after);
                    }
                    ps.setInt(i, batchSize);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            batch.rows++;
                            Object id = rs.getObject(1);
                            batch.lastId = id;
                            Object[] values = new Object[t.columns().size() + 1];
                            try {
                                int rewritten = 0;
                                for (int col = 0; col < t.columns().size(); col++) {
                                    String stored = rs.getString(col + 2);
                                    if (!cipher.isCurrent(stored)) {
                                        rewritten++;
                                    }
                                    values[col] = cipher.reEncrypt(stored);
                                }
                                values[t.columns().size()] = id;
                                changed.add(values);
                                batch.rewritten += rewritten;
                            } catch (IllegalStateException e) {
                                batch.unreadable++;
                                LOG.errorf("PII re-encryption: %s %s left as it is: %s", t.table(), id, e.getMessage());
                            }
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(update)) {
                    for (Object[] values : changed) {
                        for (int i = 0; i < values.length; i++) {
                            ps.setObject(i + 1, values[i]);
                        }
                        ps.addBatch();
                    }
                    if (!changed.isEmpty()) {
                        ps.executeBatch();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return batch;
    }

    private static List<String> concat(String a, String b, List<String> rest) {
        List<String> all = new ArrayList<>(rest);
        all.add(a);
        all.add(b);
        return all;
    }
}
