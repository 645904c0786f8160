package io.xiaoneng.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * RFC 9457 problem bodies for what the gateway itself refuses, in the services' format ({@code type} under
 * {@code https://xiaoneng.example/problems/}, machine {@code code}, {@code instance}, the request id), with titles
 * and details in zh-CN (default) or English by {@code Accept-Language}, like the services.
 */
public final class GatewayProblems {
    private GatewayProblems() {}

    public static final String TYPE_BASE = "https://xiaoneng.example/problems/";
    public static final String CONTENT_TYPE = "application/problem+json";

    /** What the gateway can refuse: status, machine code, and the texts in both languages. */
    public enum Kind {
        UNAUTHORIZED(401, "unauthorized", "未认证", "Unauthorized",
                "需要有效的访问令牌。", "A valid bearer token is required."),
        NOT_FOUND(404, "not-found", "未找到", "Not Found",
                "没有服务处理此路径。", "No service handles this path."),
        PAYLOAD_TOO_LARGE(413, "payload-too-large", "请求体过大", "Payload Too Large",
                "请求体超过 %s 字节的上限。", "The request body exceeds the limit of %s bytes."),
        TOO_MANY_REQUESTS(429, "too-many-requests", "请求过多", "Too Many Requests",
                "请求频率超过限制，请在 %s 秒后重试。", "Rate limit exceeded; retry after %s seconds."),
        UNAVAILABLE(503, "unavailable", "服务暂不可用", "Service Unavailable",
                "%s 服务暂时不可用，请在 %s 秒后重试。", "The %s service is temporarily unavailable; retry after %s seconds.");

        final int status;
        final String code;
        final String titleZh;
        final String titleEn;
        final String detailZh;
        final String detailEn;

        Kind(int status, String code, String titleZh, String titleEn, String detailZh, String detailEn) {
            this.status = status;
            this.code = code;
            this.titleZh = titleZh;
            this.titleEn = titleEn;
            this.detailZh = detailZh;
            this.detailEn = detailEn;
        }

        public int status() {
            return status;
        }
    }

    /** The problem body for {@code request}; {@code args} fill the detail text. */
    public static Buffer body(Kind kind, HttpServerRequest request, String requestId, Object... args) {
        boolean english = prefersEnglish(request.getHeader("Accept-Language"));
        JsonObject problem = new JsonObject()
                .put("type", TYPE_BASE + kind.code)
                .put("title", english ? kind.titleEn : kind.titleZh)
                .put("status", kind.status)
                .put("detail", String.format(Locale.ROOT, english ? kind.detailEn : kind.detailZh, args))
                .put("instance", request.path())
                .put("code", kind.code);
        if (requestId != null) {
            problem.put("requestId", requestId);
        }
        return problem.toBuffer();
    }

    /** Sends the problem as the whole response (the request body, if any, is not read). */
    public static void send(Kind kind, HttpServerRequest request, String requestId, Object... args) {
        Buffer body = body(kind, request, requestId, args);
        request.response().setStatusCode(kind.status)
                .putHeader("Content-Type", CONTENT_TYPE)
                .end(body);
    }

    /** zh-CN unless the caller ranks English first (the services' rule: zh-CN is the default). */
    static boolean prefersEnglish(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return false;
        }
        try {
            var ranges = Locale.LanguageRange.parse(acceptLanguage);
            var best = Locale.lookupTag(ranges, java.util.List.of("zh-CN", "zh", "en"));
            return best != null && best.startsWith("en");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
