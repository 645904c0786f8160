package io.xiaoneng.complaint.open311;

import io.xiaoneng.complaint.app.TrackingCodes;
import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.security.CurrentUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Registered GeoReport v2 clients. An API key is 32 random bytes (base64url), shown once at registration; only its
 * SHA-256 is stored (a random 256-bit key needs no slow hash), and lookups go by that hash.
 */
@ApplicationScoped
public class Open311Clients {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    CurrentUser user;

    public record Client(long id, String name, boolean active, Instant createdAt) {}

    public record Registered(Client client, String apiKey) {}

    @Transactional
    public Registered register(String name) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long id = ((Number) em.createNativeQuery("""
                insert into open311_client (name, api_key_hash, active, created_at) values (?1, ?2, true, ?3) returning id""")
                .setParameter(1, name).setParameter(2, hash(key)).setParameter(3, now).getSingleResult()).longValue();
        Client client = new Client(id, name, true, now.toInstant());
        audit.record(user.username(), "open311-client", Long.toString(id), "registered", null, client); // never the key
        return new Registered(client, key);
    }

    @SuppressWarnings("unchecked")
    public List<Client> list() {
        List<Object[]> rows = em.createNativeQuery("select id, name, active, created_at from open311_client order by id").getResultList();
        return rows.stream().map(r -> new Client(((Number) r[0]).longValue(), (String) r[1], (Boolean) r[2], toInstant(r[3]))).toList();
    }

    /** The active client holding {@code apiKey}. */
    @SuppressWarnings("unchecked")
    public Optional<Client> byKey(String apiKey) {
        if (apiKey == null || apiKey.isBlank() || apiKey.length() > 200) {
            return Optional.empty();
        }
        List<Object[]> rows = em.createNativeQuery("select id, name, active, created_at from open311_client where api_key_hash = ?1 and active")
                .setParameter(1, hash(apiKey)).getResultList();
        return rows.stream().findFirst().map(r -> new Client(((Number) r[0]).longValue(), (String) r[1], (Boolean) r[2], toInstant(r[3])));
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant toInstant(Object o) {
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (o instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        return (Instant) o;
    }
}
