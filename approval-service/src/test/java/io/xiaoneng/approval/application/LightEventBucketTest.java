package io.xiaoneng.approval.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.approval.application.app.SupervisionSweep;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The light sweep inserts its events into the outbox in SQL, so it must put each key in the bucket the platform's
 * {@code Outbox} would ({@code floorMod(key.hashCode(), buckets)}): one relay per bucket is what keeps a case's
 * events in order. Checked for many random ids and several bucket counts against Java's own hash.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class LightEventBucketTest {

    @Inject
    DataSource dataSource;

    @Test
    void theSqlBucketIsTheOutboxBucket() throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select k0.key, " + SupervisionSweep.BUCKET
                     + " from (select gen_random_uuid()::text as key from generate_series(1, 5000)) k0")) {
            for (int buckets : new int[] {16, 1, 7, 64}) {
                ps.setInt(1, buckets);
                ps.setInt(2, buckets);
                ps.setInt(3, buckets);
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String key = rs.getString(1);
                        assertThat(UUID.fromString(key).toString()).isEqualTo(key);
                        assertThat(rs.getInt(2)).as("bucket of %s in %d", key, buckets).isEqualTo(Math.floorMod(key.hashCode(), buckets));
                        n++;
                    }
                }
                assertThat(n).isEqualTo(5000);
            }
        }
    }
}
