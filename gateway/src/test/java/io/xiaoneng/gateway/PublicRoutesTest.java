package io.xiaoneng.gateway;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The public-route patterns: method, one-segment {@code *}, trailing {@code /**}, and what never counts. */
class PublicRoutesTest {

    final PublicRoutes routes = new PublicRoutes(List.of(
            "GET /api/v1/catalog/**", "GET /api/v1/applications/tracking/*", "POST /api/v1/complaints", " "));

    @Test
    void methodAndSegmentsMustMatch() {
        assertThat(routes.isPublic("GET", "/api/v1/catalog")).isTrue();
        assertThat(routes.isPublic("GET", "/api/v1/catalog/items/110100-001")).isTrue();
        assertThat(routes.isPublic("POST", "/api/v1/catalog/imports")).isFalse();
        assertThat(routes.isPublic("GET", "/api/v1/catalogue")).isFalse();

        assertThat(routes.isPublic("GET", "/api/v1/applications/tracking/ZW2026-000001")).isTrue();
        assertThat(routes.isPublic("GET", "/api/v1/applications/tracking/ZW2026-000001/history")).isFalse();
        assertThat(routes.isPublic("GET", "/api/v1/applications/tracking")).isFalse();

        assertThat(routes.isPublic("POST", "/api/v1/complaints")).isTrue();
        assertThat(routes.isPublic("POST", "/api/v1/complaints/")).isTrue();
        assertThat(routes.isPublic("GET", "/api/v1/complaints")).isFalse();
        assertThat(routes.isPublic("POST", "/api/v1/complaints/1/replies")).isFalse();
    }

    @Test
    void encodedOrDotSegmentsAreNeverPublic() {
        assertThat(routes.isPublic("GET", "/api/v1/catalog/../applications")).isFalse();
        assertThat(routes.isPublic("GET", "/api/v1/catalog/%2e%2e/applications")).isFalse();
        assertThat(routes.isPublic("GET", "/api/v1/catalog//x")).isFalse();
        assertThat(routes.isPublic("GET", "/api/v1/catalog;x=1")).isFalse();
    }

    @Test
    void malformedEntriesAreRejectedAtStart() {
        assertThatThrownBy(() -> new PublicRoutes(List.of("/api/v1/catalog"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PublicRoutes(List.of("GET /api/**/x"))).isInstanceOf(IllegalArgumentException.class);
    }
}
