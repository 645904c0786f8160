package io.xiaoneng.gateway;

import java.util.UUID;
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
        return UUID.randomUUID().toString();
    }
}
