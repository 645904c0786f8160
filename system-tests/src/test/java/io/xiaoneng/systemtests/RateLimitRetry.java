package io.xiaoneng.systemtests;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * The gateway's rate limits (per client address and per token client, token buckets) are meant for the outside
 * world; a test that sends a few hundred requests in a minute through the gateway waits as a polite client would:
 * on 429 it sleeps for {@code Retry-After} and sends the request again (at most a few times).
 */
final class RateLimitRetry implements Filter {
    static final RateLimitRetry INSTANCE = new RateLimitRetry();

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext ctx) {
        Response r = ctx.next(request, response);
        for (int attempt = 0; attempt < 5 && r.statusCode() == 429; attempt++) {
            String after = r.header("Retry-After");
            long seconds = after == null ? 1 : Math.max(1, Math.min(30, Long.parseLong(after.trim())));
            try {
                Thread.sleep(seconds * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
            r = ctx.next(request, response);
        }
        return r;
    }
}
