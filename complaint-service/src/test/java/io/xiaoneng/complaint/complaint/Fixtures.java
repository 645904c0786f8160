package io.xiaoneng.complaint.complaint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.xiaoneng.complaint.app.Departments;
import io.xiaoneng.platform.events.CloudEventHeaders;
import io.xiaoneng.platform.events.EventType;
import io.xiaoneng.platform.events.OrgEvents;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.awaitility.Awaitility.await;

/** Shared test helpers: departments published on the real org topic, tokens by role, complaints and their commands. */
public final class Fixtures {
    private Fixtures() {}

    public static final String COMPLAINTS = "/api/v1/complaints";
    public static final String INTAKE_DEPT = "complaint-center";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    public static String intake() {
        return token("intake-li", INTAKE_DEPT, "clerk");
    }

    public static String supervisor() {
        return token("supervisor-wang", "efficiency-office", "supervisor");
    }

    public static String admin() {
        return token("admin", null, "admin");
    }

    public static String official(String dept) {
        return token("clerk-" + dept, dept, "clerk");
    }

    public static String head(String dept) {
        return token("head-" + dept, dept, "dept-head");
    }

    public static String platform() {
        return token("province-platform", null, "integration");
    }

    /** A new department, registered on the org topic as approval-service would; returns once the projection has it. */
    public static String department() {
        String code = "dept-" + UUID.randomUUID().toString().substring(0, 8);
        publish(OrgEvents.DEPARTMENT_REGISTERED, code, Map.of("code", code, "name", "测试局" + SEQ.incrementAndGet(),
                "kind", "COUNTY_AGENCY", "active", true), UUID.randomUUID().toString());
        Departments departments = Arc.container().instance(Departments.class).get();
        await().atMost(Duration.ofSeconds(60)).until(() -> QuarkusTransaction.requiringNew().call(() -> departments.isActive(code)));
        return code;
    }

    /** Publishes a CloudEvent (binary mode) as the producing service's outbox relay would. */
    public static void publish(EventType type, String key, Object data, String eventId) {
        try {
            publishRaw(type, key, JSON.writeValueAsBytes(data), eventId);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CloudEvent with these exact bytes as its data (which need not be JSON). */
    public static void publishRaw(EventType type, String key, byte[] data, String eventId) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(type.topic(), key, data);
            record.headers().add(CloudEventHeaders.ID, eventId.getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.SOURCE, type.source().getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.TYPE, type.type().getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.SUBJECT, key.getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.TIME, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.SPECVERSION, CloudEventHeaders.SPEC_VERSION.getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.DATASCHEMA, type.dataschema().getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> hotline(String targetDepartment, String name, String phone) {
        Map<String, Object> body = new HashMap<>();
        body.put("channel", "HOTLINE_12345");
        body.put("category", "attitude");
        body.put("description", "窗口工作人员态度生硬，多次刁难。");
        body.put("targetDepartment", targetDepartment);
        body.put("anonymous", false);
        body.put("complainant", Map.of("name", name, "phone", phone, "contact", "县城关镇幸福路8号"));
        return body;
    }

    public static Map<String, Object> web(String targetDepartment) {
        Map<String, Object> body = new HashMap<>();
        body.put("category", "delay");
        body.put("description", "营业执照变更拖了一个月还没办好。");
        body.put("targetDepartment", targetDepartment);
        body.put("anonymous", true);
        return body;
    }

    /** Registers {@code body} with {@code token} (null = not signed in); 201 expected. */
    public static Case register(String token, Map<String, Object> body) {
        var spec = given().contentType(ContentType.JSON).body(body);
        if (token != null) {
            spec = spec.auth().oauth2(token);
        }
        ExtractableResponse<Response> r = spec.when().post(COMPLAINTS).then().statusCode(201).extract();
        return new Case(r.path("id"), r.header("ETag"), r.path("trackingCode"), r.path("reference"));
    }

    /** A complaint on its way: its id, current ETag and the complainant's tracking code. */
    public static final class Case {
        public final String id;
        public String etag;
        public final String trackingCode;
        public final String reference;

        public Case(String id, String etag, String trackingCode, String reference) {
            this.id = id;
            this.etag = etag;
            this.trackingCode = trackingCode;
            this.reference = reference;
        }

        /** Issues {@code command} expecting 200, keeps the new ETag. */
        public ExtractableResponse<Response> ok(String token, String command, Object body) {
            ExtractableResponse<Response> r = command(token, command, body).then().statusCode(200).extract();
            etag = r.header("ETag");
            return r;
        }

        public Response command(String token, String command, Object body) {
            var spec = given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", etag);
            if (body != null) {
                spec = spec.body(body);
            }
            return spec.when().post(COMPLAINTS + "/" + id + "/" + command);
        }

        public ExtractableResponse<Response> get(String token) {
            ExtractableResponse<Response> r = given().auth().oauth2(token).when().get(COMPLAINTS + "/" + id).then().statusCode(200).extract();
            etag = r.header("ETag");
            return r;
        }
    }
}
