package io.xiaoneng.integration.subscriber;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where a subscriber URL may point — the one rule for registration ({@link SubscriberService}) and for every push
 * ({@code DeliveryWorker}). The worker POSTs wherever a subscriber points and reports the answer in the delivery log:
 * pointed at a service of the county's own network, a metadata endpoint or this host, it would probe them (SSRF).
 * Only addresses on the outside are accepted (the Kubernetes NetworkPolicy blocks the rest too; a Docker host has no
 * such policy). Registration alone is not enough: a host name can resolve to an outside address when it is registered
 * and to an inside one later (DNS rebinding), so the worker asks again before each attempt.
 */
@ApplicationScoped
public class SubscriberAddresses {

    public static final String INTERNAL = "subscriber.url-internal";
    public static final String UNRESOLVABLE = "subscriber.url-unresolvable";

    /** Subscribers on this host or the private network (a developer's stack, tests); never in a deployment. */
    @ConfigProperty(name = "xiaoneng.integration.subscribers.allow-private-addresses", defaultValue = "false")
    boolean allowPrivateAddresses;

    /**
     * Why {@code host} may not be sent to; {@code code} is {@link #INTERNAL} or {@link #UNRESOLVABLE}, {@code address}
     * the offending address (null when the host does not resolve).
     */
    public record Refusal(String code, String host, String address) {
        /** For the delivery log: what an administrator needs to see why nothing was sent. */
        public String reason() {
            return INTERNAL.equals(code)
                    ? host + " resolves to " + address + ", an address on this host or a private network (" + code + ")"
                    : host + " does not resolve (" + code + ")";
        }
    }

    /** Why {@code host} (a URL's host, an IPv6 literal in brackets) may not be reached now; empty when it may. */
    public Optional<Refusal> refusal(String host) {
        if (allowPrivateAddresses) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            // The JVM caches this answer (networkaddress.cache.ttl, 30 s by default, whatever the DNS record's TTL), and
            // the HTTP client's own lookup right after the check is served from that cache: the address checked is the
            // address connected to, short of the entry expiring in the few milliseconds between the two.
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of(new Refusal(UNRESOLVABLE, host, null));
        }
        for (InetAddress address : addresses) {
            if (internal(address)) {
                return Optional.of(new Refusal(INTERNAL, host, address.getHostAddress()));
            }
        }
        return Optional.empty();
    }

    /** Loopback, link-local (cloud metadata), private, unspecified, multicast, carrier-grade NAT and IPv6 unique local. */
    static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && (second & 0xc0) == 64);
        }
        return (b[0] & 0xfe) == 0xfc;
    }
}
