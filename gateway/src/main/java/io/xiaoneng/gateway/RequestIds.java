package io.xiaoneng.gateway;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The request id every call carries from the edge through the services (and later into their events). */
public final class RequestIds {
    private RequestIds() {}

    public static final String HEADER = "X-Request-Id";

    /** Ids from clients are accepted only when they are short and plain, so logs cannot be forged through them. */
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

    public static String acceptOrCreate(String fromClient) {
        if (fromClient != null && ACCEPTABLE.matcher(fromClient).matches()) {
            return fromClient;
        }
        return randomUuid().toString();
    }

    /**
     * A version 4 UUID from the thread's own generator: ids need to be unique, not unguessable, and
     * {@code UUID.randomUUID()} would make every event loop queue on one SecureRandom.
     */
    static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
