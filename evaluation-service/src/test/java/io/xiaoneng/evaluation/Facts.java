package io.xiaoneng.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xiaoneng.platform.events.ApplicationEventTypes;
import io.xiaoneng.platform.events.CloudEventHeaders;
import io.xiaoneng.platform.events.ComplaintEventTypes;
import io.xiaoneng.platform.events.EventSchemas;
import io.xiaoneng.platform.events.EventType;
import io.xiaoneng.platform.events.OrgEvents;
import io.xiaoneng.platform.events.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishes the facts other services publish — CloudEvents records on their real topics, shaped as the outbox relay
 * sends them and valid against the platform's schemas — so evaluation-service is tested through its consumers.
 */
public final class Facts implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final EventSchemas SCHEMAS = new EventSchemas();
    private static final AtomicLong TRACKING = new AtomicLong(System.currentTimeMillis() % 1_000_000);

    /** A record as sent, so a test can send it again (a redelivery). */
    public record Sent(String topic, String id, String type, String key, Instant time, String json) {}

    private final KafkaProducer<String, byte[]> producer;
    public final List<Sent> sent = new ArrayList<>();

    public Facts(String bootstrap) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void close() {
        producer.close();
    }

    public Sent publish(String topic, String type, String key, Instant time, Object data) {
        try {
            String json = data instanceof String s ? s : JSON.writeValueAsString(data);
            if (SCHEMAS.exists(type)) {
                assertThat(SCHEMAS.validate(type, JSON.readTree(json))).as("schema of %s", type).isEmpty();
            }
            Sent s = new Sent(topic, UUID.randomUUID().toString(), type, key, time, json);
            send(s);
            sent.add(s);
            return s;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Sent publish(EventType type, String key, Instant time, Object data) {
        return publish(type.topic(), type.type(), key, time, data);
    }

    /** Sends a record again with the same CloudEvent id (what a redelivery looks like). */
    public void send(Sent s) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(s.topic(), s.key(), s.json().getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.ID, s.id().getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TYPE, s.type().getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.SOURCE, "/xiaoneng/test".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.SUBJECT, s.key().getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TIME, s.time().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.SPECVERSION, "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.CONTENT_TYPE, "application/json".getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- organisation -------------------------------------------------------------------------------------------

    public void department(String code, String name) {
        publish(OrgEvents.DEPARTMENT_REGISTERED, code, Instant.now(),
                new OrgEvents.DepartmentState(code, name, "COUNTY_AGENCY", null, true));
    }

    public void window(String code, String number, String... departments) {
        publish(OrgEvents.WINDOW_REGISTERED, OrgEvents.windowKey(code), Instant.now(),
                new OrgEvents.WindowState(code, "窗口 " + number, number, List.of(departments), "一楼", false, false, true));
    }

    public void post(String code, String window, String... assignees) {
        publish(OrgEvents.POST_REGISTERED, OrgEvents.postKey(code), Instant.now(),
                new OrgEvents.PostState(code, window, "岗位 " + code, "受理", List.of(assignees)));
    }

    // ---- applications -------------------------------------------------------------------------------------------

    /** One application's facts; the builder methods publish its lifecycle events in order. */
    public final class Application {
        public final String id = UUID.randomUUID().toString();
        public final String trackingNumber = "XN20260101" + String.format("%06d", TRACKING.incrementAndGet() % 1_000_000);
        public final String department;
        public final String item;
        private String status;
        private Instant clock;

        Application(String department, String item, Instant start) {
            this.department = department;
            this.item = item;
            this.clock = start;
        }

        private ObjectNode common(String newStatus, String command, String actor) {
            ObjectNode n = JSON.createObjectNode();
            n.put("applicationId", id).put("trackingNumber", trackingNumber).put("itemCode", item).put("itemVersion", 1)
                    .put("department", department).put("composite", false).put("status", newStatus)
                    .put("occurredAt", clock.toString());
            n.put("previousStatus", status);
            n.put("command", command).put("actor", actor);
            status = newStatus;
            return n;
        }

        private String day() {
            return LocalDate.ofInstant(clock, ZoneId.of("Asia/Shanghai")).toString();
        }

        private Application emit(EventType type, ObjectNode data) {
            publish(type, id, clock, data);
            clock = clock.plusSeconds(3600);
            return this;
        }

        public Application submitted() {
            ObjectNode n = common("SUBMITTED", "filing", "applicant");
            n.put("channel", "ONLINE").put("applicantKind", "ENTERPRISE").put("receivedOn", day())
                    .put("acceptanceDueOn", day());
            n.putArray("participatingDepartments");
            n.putNull("previousStatus");
            return emit(ApplicationEventTypes.SUBMITTED, n);
        }

        public Application accepted(String clerk) {
            ObjectNode n = common("ACCEPTED", "acceptance", clerk);
            n.put("acceptedOn", day()).put("deemed", false).put("limitDays", 10).put("decisionDueOn", day());
            return emit(ApplicationEventTypes.ACCEPTED, n);
        }

        public Application approved(String approver, boolean onTime, int workingDays) {
            emit(ApplicationEventTypes.REVIEW_STARTED, common("UNDER_REVIEW", "review", approver));
            ObjectNode n = common("APPROVED", "approval", approver);
            n.put("decidedOn", day()).put("decisionDueOn", day()).put("workingDays", workingDays).put("onTime", onTime)
                    .put("deliveryDueOn", day());
            return emit(ApplicationEventTypes.APPROVED, n);
        }

        public Application completed(String clerk, boolean onTime, int workingDays) {
            ObjectNode d = common("CERTIFICATE_DELIVERED", "certificate-delivery", clerk);
            d.put("deliveredOn", day()).put("deliveryDueOn", day()).put("onTime", true).put("method", "WINDOW_PICKUP")
                    .put("decision", "APPROVED");
            emit(ApplicationEventTypes.CERTIFICATE_DELIVERED, d);
            ObjectNode n = common("COMPLETED", "completion", clerk);
            n.put("decision", "APPROVED").put("decidedOnTime", onTime).put("deliveredOnTime", true).put("workingDays", workingDays);
            return emit(ApplicationEventTypes.COMPLETED, n);
        }

        /** Submitted, accepted by {@code clerk}, approved by {@code approver}, delivered and completed by {@code clerk}. */
        public Application fullLifecycle(String clerk, String approver, boolean onTime, int workingDays) {
            return submitted().accepted(clerk).approved(approver, onTime, workingDays).completed(clerk, onTime, workingDays);
        }
    }

    public Application application(String department, String item, Instant start) {
        return new Application(department, item, start);
    }

    // ---- complaints ---------------------------------------------------------------------------------------------

    public static final String COMPLAINTS = Topics.COMPLAINTS;

    /** The complaint id of a readable test name (a UUID, as complaint-service's ids are): stable, so tests stay readable. */
    public static String complaintId(String name) {
        return UUID.nameUUIDFromBytes(("complaint:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * One complaint's facts as complaint-service publishes them ({@code ComplaintEvents}): every field of the contract,
     * its statuses, and what each type adds. The builder methods publish its lifecycle events in order, an hour apart,
     * each checked against the platform's schema (the producer's) before it is sent.
     */
    public final class Complaint {
        public final String id;
        /** the department complained about (may be null) */
        public final String department;
        public final String post;
        private String handlingDepartment;
        private String status;
        private Instant clock;
        private int bounces;
        private int reopens;

        Complaint(String name, String department, String post, Instant start) {
            this.id = complaintId(name);
            this.department = department;
            this.post = post;
            this.clock = start;
        }

        private ObjectNode common(String newStatus, String actor) {
            ObjectNode n = JSON.createObjectNode();
            n.put("complaintId", id).put("channel", "HOTLINE_12345").put("category", "attitude")
                    .put("department", department).put("handlingDepartment", handlingDepartment).put("post", post)
                    .putNull("applicationId").put("status", newStatus).put("previousStatus", status)
                    .put("occurredAt", clock.toString()).put("actor", actor);
            status = newStatus;
            return n;
        }

        private Complaint emit(EventType type, ObjectNode data) {
            assertThat(SCHEMAS.exists(type.type())).as("platform schema of %s", type.type()).isTrue();
            publish(type, id, clock, data);
            clock = clock.plusSeconds(3600);
            return this;
        }

        public Complaint received() {
            return emit(ComplaintEventTypes.RECEIVED, common("RECEIVED", "intake-1"));
        }

        public Complaint accepted() {
            return emit(ComplaintEventTypes.ACCEPTED, common("ACCEPTED", "intake-1"));
        }

        public Complaint referred(String competentBody) {
            handlingDepartment = null;
            return emit(ComplaintEventTypes.REFERRED, common("REFERRED", "intake-1").put("referredTo", competentBody));
        }

        public Complaint dispatched(String handling) {
            handlingDepartment = handling;
            return emit(ComplaintEventTypes.DISPATCHED, common("DISPATCHED", "intake-1")
                    .put("dueOn", LocalDate.ofInstant(clock, ZoneId.of("Asia/Shanghai")).plusDays(14).toString()));
        }

        /** Sent back by the handling department, below the bounce limit (back to the intake). */
        public Complaint bounced() {
            ObjectNode n = common("ACCEPTED", "handler-1");
            handlingDepartment = null;
            n.putNull("handlingDepartment");
            return emit(ComplaintEventTypes.BOUNCED, n.put("bounceCount", ++bounces).put("awaitingDecision", false));
        }

        /** @param finding SUBSTANTIATED, PARTLY_SUBSTANTIATED or UNSUBSTANTIATED */
        public Complaint handled(String finding) {
            return emit(ComplaintEventTypes.HANDLED, common("HANDLED", "handler-1").put("finding", finding));
        }

        public Complaint replied() {
            return emit(ComplaintEventTypes.REPLIED, common("REPLIED", "handler-1").put("complainants", 1));
        }

        public Complaint feedbackGiven(boolean satisfied) {
            return emit(ComplaintEventTypes.FEEDBACK_GIVEN, common("RATED", "intake-1").put("satisfied", satisfied));
        }

        public Complaint closed(boolean onTime) {
            return emit(ComplaintEventTypes.CLOSED, common("CLOSED", "intake-1").put("onTime", onTime));
        }

        /** Back to the handling department (to the intake for a referred case). */
        public Complaint reopened() {
            return emit(ComplaintEventTypes.REOPENED, common(handlingDepartment != null ? "DISPATCHED" : "ACCEPTED", "intake-1")
                    .put("reopenCount", ++reopens));
        }

        public Complaint mergedInto(Complaint master) {
            return emit(ComplaintEventTypes.MERGED, common("MERGED", "intake-1").put("mergedInto", master.id));
        }

        /** Received, accepted, dispatched to {@code handling} and handled with {@code finding}. */
        public Complaint handledBy(String handling, String finding) {
            return received().accepted().dispatched(handling).handled(finding);
        }
    }

    /** A complaint against {@code department} (may be null) and {@code post} (may be null), named {@code name} in the test. */
    public Complaint complaint(String name, String department, String post, Instant start) {
        return new Complaint(name, department, post, start);
    }

    /** Topics.ORG etc. re-exported for the tests' readability. */
    public static final String ORG = Topics.ORG;
}
