package io.xiaoneng.integration.subscriber;

import io.xiaoneng.platform.audit.AuditTrail;
import io.xiaoneng.platform.http.PageOf;
import io.xiaoneng.platform.http.PageRequest;
import io.xiaoneng.platform.identity.PiiCipher;
import io.xiaoneng.platform.problem.BadRequestProblem;
import io.xiaoneng.platform.problem.NotFoundProblem;
import io.xiaoneng.platform.problem.UnprocessableProblem;
import io.xiaoneng.platform.security.CurrentUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Registration and reads of subscribers; every change audited. */
@ApplicationScoped
public class SubscriberService {

    public static final String KIND = "subscriber";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Only addresses on the outside (SSRF); the same rule the worker applies before every push. */
    @Inject
    SubscriberAddresses addresses;

    @Inject
    EntityManager em;

    @Inject
    PiiCipher cipher;

    @Inject
    AuditTrail audit;

    @Inject
    CurrentUser user;

    public record NewSubscriber(String name, String url, List<String> eventTypes, String ownerClient) {}

    /** The registered subscriber and its secret: the secret exists in clear only in this answer. */
    public record Registered(Subscriber subscriber, String secret) {}

    @Transactional
    public Registered register(NewSubscriber in) {
        requireHttpUrl(in.url());
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        Subscriber s = new Subscriber();
        s.id = UUID.randomUUID();
        s.name = in.name().strip();
        s.url = in.url().strip();
        s.secretCipher = cipher.encrypt(secret);
        s.eventTypes = String.join("\n", in.eventTypes().stream().map(String::strip).distinct().toList());
        s.ownerClient = in.ownerClient();
        s.active = true;
        s.createdAt = Instant.now();
        s.createdBy = user.username();
        em.persist(s);
        audit.record(user.username(), KIND, s.id.toString(), "registered", null, state(s));
        return new Registered(s, secret);
    }

    @Transactional
    public Subscriber deactivate(UUID id) {
        Subscriber s = get(id);
        if (s.active) {
            Map<String, Object> before = state(s);
            s.active = false;
            audit.record(user.username(), KIND, s.id.toString(), "deactivated", before, state(s));
        }
        return s;
    }

    public Subscriber get(UUID id) {
        Subscriber s = em.find(Subscriber.class, id);
        if (s == null) {
            throw new NotFoundProblem(KIND, id);
        }
        return s;
    }

    public PageOf<Subscriber> list(PageRequest page) {
        return PageOf.of(em.createQuery("select s from Subscriber s order by s.createdAt desc, s.id", Subscriber.class),
                em.createQuery("select count(s) from Subscriber s", Long.class), page);
    }

    /** Active subscribers that want events of {@code type}. */
    public List<Subscriber> wanting(String type) {
        return em.createQuery("select s from Subscriber s where s.active = true", Subscriber.class).getResultList()
                .stream().filter(s -> s.wants(type)).toList();
    }

    public String secretOf(Subscriber s) {
        return cipher.decrypt(s.secretCipher);
    }

    /** What the audit trail keeps of a subscriber: never the secret. */
    private static Map<String, Object> state(Subscriber s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name);
        m.put("url", s.url);
        m.put("eventTypes", s.eventTypeList());
        m.put("ownerClient", s.ownerClient);
        m.put("active", s.active);
        return m;
    }

    private void requireHttpUrl(String url) {
        URI uri = null;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            // refused below
        }
        if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw BadRequestProblem.validationFailed().withFieldError("url", "invalid-value");
        }
        String host = uri.getHost();
        addresses.refusal(host).ifPresent(r -> {
            throw new UnprocessableProblem(r.code(), host).withFieldError("url", r.code(), host);
        });
    }
}
