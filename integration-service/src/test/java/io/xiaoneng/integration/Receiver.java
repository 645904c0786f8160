package io.xiaoneng.integration;

import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A subscriber's endpoint as a platform would write it, independently of the service's code: a JDK HTTP server on
 * 127.0.0.1 that verifies {@code X-Xiaoneng-Signature} (HMAC-SHA256 over {@code t + "." + body}, timestamp within
 * five minutes) exactly as the README tells receivers to, and answers 503 for the first {@code failures} calls.
 */
public final class Receiver implements AutoCloseable {

    /** One call as received. */
    public record Call(Instant at, String body, Map<String, List<String>> headers, boolean signatureValid, int answered) {}

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger stalls = new AtomicInteger();
    private volatile String secret;

    public Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool()); // a stalled answer must not hold up the next call
        server.createContext("/hook", exchange -> {
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            String body = new String(raw, StandardCharsets.UTF_8);
            boolean valid = verify(exchange.getRequestHeaders().getFirst("X-Xiaoneng-Signature"), raw);
            int status;
            if (!valid) {
                status = 401;
            } else if (failures.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0 || failures.get() < 0) {
                status = 503;
            } else {
                status = 204;
            }
            if (valid && stalls.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
                // the head of a 200 announcing a body that never comes
                calls.add(new Call(Instant.now(), body, Map.copyOf(exchange.getRequestHeaders()), valid, STALLED));
                exchange.sendResponseHeaders(200, 1_000);
                exchange.getResponseBody().flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            calls.add(new Call(Instant.now(), body, Map.copyOf(exchange.getRequestHeaders()), valid, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public void secret(String secret) {
        this.secret = secret;
    }

    /** The next {@code n} calls fail with 503. */
    public void failNext(int n) {
        failures.set(n);
    }

    /** What {@link Call#answered()} says of a call whose answer never completed. */
    public static final int STALLED = -1;

    /** The next {@code n} calls get the head of a 200 and then nothing: the body never comes. */
    public void stallNext(int n) {
        stalls.set(n);
    }

    /** Every call fails until {@link #recover()}. */
    public void failAlways() {
        failures.set(-1);
    }

    public void recover() {
        failures.set(0);
    }

    public List<Call> calls() {
        return new ArrayList<>(calls);
    }

    /** The verification a receiver does (README "Verifying the signature"). */
    boolean verify(String header, byte[] body) {
        if (header == null || secret == null) {
            return false;
        }
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals("t")) {
                t = kv[1];
            } else if (kv.length == 2 && kv[0].equals("v1")) {
                v1 = kv[1];
            }
        }
        if (t == null || v1 == null || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
