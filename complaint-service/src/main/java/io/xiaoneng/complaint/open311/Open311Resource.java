package io.xiaoneng.complaint.open311;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.xiaoneng.complaint.app.ComplaintRules;
import io.xiaoneng.complaint.app.ComplaintService;
import io.xiaoneng.complaint.app.Departments;
import io.xiaoneng.complaint.domain.Channel;
import io.xiaoneng.complaint.domain.Complaint;
import io.xiaoneng.complaint.domain.ComplaintCategory;
import io.xiaoneng.complaint.domain.ComplaintStatus;
import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.http.QueryDates;
import io.xiaoneng.platform.problem.ProblemException;
import jakarta.annotation.security.PermitAll;
import io.xiaoneng.platform.openapi.DeclaredAccessFilter;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Open311 GeoReport v2 (JSON) over the complaints: the categories are the services, a service request is a complaint
 * (its public reference is the {@code service_request_id}). Reads are anonymous; {@code POST requests} needs the
 * {@code api_key} of a registered client. Status is {@code open}/{@code closed}; the detailed state goes into
 * {@code status_notes}; {@code expected_datetime} is the end of the current step's deadline day (Beijing time).
 * Errors are GeoReport's {@code [{"code", "description"}]} with the HTTP status. The complainant's identity
 * (first_name, last_name, phone, email) is stored encrypted like every other complaint and never returned.
 * Supervision cases opened from red lights are internal and not listed.
 *
 * <p>Every other complaint is listed under its printed reference, whatever its channel, so that anyone can follow
 * where it stands. But only what was filed in public ({@link Channel#isFiledInPublic()}: the online form and GeoReport
 * clients) is shown with its description and location; a complaint made by telephone, at a window, by letter, at a
 * monitoring point or forwarded by a platform was told to the county, not published, and its text and place (which
 * may name the complainant, or the enterprise behind a monitoring point) are withheld — as the tracking page, which
 * shows where a case stands but not what it says.
 */
@Path("/open311/v2")
@Tag(name = "Open311 GeoReport v2", description = "Complaints as GeoReport v2 service requests")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class Open311Resource {

    static final String JSON_SUFFIX = "{format: (\\.json)?}";
    static final int DESCRIPTION_MAX = 4000;
    static final String TRACKING_PATH = "/api/v1/complaint-tracking/";
    static final String PUBLIC_FIELDS = "description, address, address_id, lat and long only for requests filed in public "
            + "(the online form and GeoReport clients); null for complaints made by telephone, at a window, by letter, at a "
            + "monitoring point or forwarded by a platform.";

    @Inject
    EntityManager em;

    @Inject
    ComplaintService complaints;

    @Inject
    ComplaintRules rules;

    @Inject
    Departments departments;

    @Inject
    Open311Clients clients;

    @ConfigProperty(name = "xiaoneng.open311.default-days", defaultValue = "90")
    int defaultDays;

    @ConfigProperty(name = "xiaoneng.open311.max-rows", defaultValue = "1000")
    int maxRows;

    @ConfigProperty(name = "xiaoneng.open311.jurisdiction-id", defaultValue = "xiaoneng-county")
    String jurisdictionId;

    // --- GeoReport documents --------------------------------------------------------------------------------------

    public record Endpoint(String specification, String url, String changeset, String type, List<String> formats) {}

    public record Discovery(String changeset, String contact, @JsonProperty("key_service") String keyService, List<Endpoint> endpoints) {}

    public record Service(@JsonProperty("service_code") String serviceCode, @JsonProperty("service_name") String serviceName,
                          String description, boolean metadata, String type, String keywords, String group) {}

    public record AttributeValue(String key, String name) {}

    public record Attribute(boolean variable, String code, String datatype, boolean required,
                            @JsonProperty("datatype_description") String datatypeDescription, int order, String description,
                            List<AttributeValue> values) {}

    public record ServiceDefinition(@JsonProperty("service_code") String serviceCode, List<Attribute> attributes) {}

    public record ServiceRequest(@JsonProperty("service_request_id") String serviceRequestId, String status,
                                 @JsonProperty("status_notes") String statusNotes, @JsonProperty("service_name") String serviceName,
                                 @JsonProperty("service_code") String serviceCode, String description,
                                 @JsonProperty("agency_responsible") String agencyResponsible,
                                 @JsonProperty("service_notice") String serviceNotice,
                                 @JsonProperty("requested_datetime") String requestedDatetime,
                                 @JsonProperty("updated_datetime") String updatedDatetime,
                                 @JsonProperty("expected_datetime") String expectedDatetime, String address,
                                 @JsonProperty("address_id") String addressId, String zipcode, Double lat,
                                 @JsonProperty("long") Double lon, @JsonProperty("media_url") String mediaUrl) {}

    public record Created(@JsonProperty("service_request_id") String serviceRequestId, String token,
                          @Schema(description = "Acceptance deadline and the secret tracking code (shown once) with the path "
                                  + "to follow the case by it: /api/v1/complaint-tracking/{code}")
                          @JsonProperty("service_notice") String serviceNotice, @JsonProperty("account_id") String accountId) {}

    public record TokenAnswer(@JsonProperty("service_request_id") String serviceRequestId, String token) {}

    public record Open311Error(int code, String description) {}

    /** An error in GeoReport's own format. */
    public static final class Open311Failure extends RuntimeException {
        final int status;

        Open311Failure(int status, String description) {
            super(description, null, false, false);
            this.status = status;
        }
    }

    @ServerExceptionMapper
    public RestResponse<List<Open311Error>> failure(Open311Failure e) {
        return RestResponse.ResponseBuilder.<List<Open311Error>>create(e.status).entity(List.of(new Open311Error(e.status, e.getMessage())))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Problems raised below (validation of the complaint itself) in GeoReport's format; never an exception text. */
    @ServerExceptionMapper
    public RestResponse<List<Open311Error>> problem(ProblemException e) {
        String description = switch (e.status()) {
            case 404 -> "not found";
            case 403 -> "forbidden";
            case 409 -> "conflict";
            default -> e.fieldErrors().isEmpty() ? "invalid request"
                    : "invalid value: " + e.fieldErrors().stream().map(ProblemException.FieldErrorSpec::field).map(Open311Resource::open311Field)
                            .collect(Collectors.joining(", "));
        };
        return RestResponse.ResponseBuilder.<List<Open311Error>>create(e.status()).entity(List.of(new Open311Error(e.status(), description)))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static String open311Field(String field) {
        return switch (field) {
            case "category" -> "service_code";
            case "targetDepartment" -> "attribute[department]";
            case "complainant.phone" -> "phone";
            default -> field;
        };
    }

    // --- discovery and services -----------------------------------------------------------------------------------

    @GET
    @Path("/discovery" + JSON_SUFFIX)
    @Operation(operationId = "open311Discovery", summary = "GeoReport v2 service discovery")
    public Discovery discovery() {
        return new Discovery("2026-01-01T00:00:00+08:00", "县行政效能投诉中心 12345",
                "/api/v1/open311-clients (registered by the administrator)",
                List.of(new Endpoint("http://wiki.open311.org/GeoReport_v2", "/open311/v2", "2026-01-01T00:00:00+08:00",
                        "production", List.of("application/json"))));
    }

    @GET
    @Path("/services" + JSON_SUFFIX)
    @Operation(operationId = "open311Services", summary = "The service list: the complaint categories")
    public List<Service> services(@QueryParam("jurisdiction_id") String jurisdiction) {
        checkJurisdiction(jurisdiction);
        return ComplaintCategory.<ComplaintCategory>list("active", Sort.by("position").and("code")).stream()
                .map(c -> new Service(c.code, c.nameZh, c.description == null ? c.nameEn : c.description, true, "realtime",
                        c.nameEn, "complaint"))
                .toList();
    }

    @GET
    @Path("/services/{code: [a-z0-9][a-z0-9-]*}" + JSON_SUFFIX)
    @Operation(operationId = "open311ServiceDefinition", summary = "Service definition: the attributes a request may carry")
    @APIResponse(responseCode = "200", description = "The service definition: department, post and application_id, all optional",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ServiceDefinition.class)))
    @APIResponse(responseCode = "404", description = "Unknown service code",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = Open311Error.class)))
    public ServiceDefinition definition(@PathParam("code") String code, @QueryParam("jurisdiction_id") String jurisdiction) {
        checkJurisdiction(jurisdiction);
        ComplaintCategory c = ComplaintCategory.findById(code);
        if (c == null || !c.active) {
            throw new Open311Failure(404, "unknown service_code " + code.replaceAll("[^a-z0-9-]", ""));
        }
        List<AttributeValue> departmentValues = departments.active().stream().map(d -> new AttributeValue(d.code(), d.name())).toList();
        return new ServiceDefinition(c.code, List.of(
                new Attribute(true, "department", "singlevaluelist", false, "the department complained about", 1,
                        "被投诉单位", departmentValues),
                new Attribute(true, "post", "string", false, "code of the staff post complained about", 2, "被投诉岗位", null),
                new Attribute(true, "application_id", "string", false, "id (UUID) of the related approval application", 3,
                        "相关办件", null)));
    }

    // --- requests -------------------------------------------------------------------------------------------------

    @POST
    @Path("/requests" + JSON_SUFFIX)
    // Open to anyone at the HTTP level, but only with the api_key of a registered client (GeoReport v2): the access
    // rule the OpenAPI document declares, so the authorization matrix expects 403 from every caller without a key.
    @Extension(name = DeclaredAccessFilter.EXTENSION, value = "[\"" + DeclaredAccessFilter.API_KEY + "\"]", parseValue = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "open311CreateRequest", summary = "Create a service request (a complaint); api_key of a registered client")
    @APIResponse(responseCode = "201", description = "Created: service_request_id, token, and in service_notice the acceptance "
            + "deadline and the complaint's secret tracking code — shown this once — with where to use it: "
            + "GET /api/v1/complaint-tracking/{code} (status and replies), POST …/{code}/feedback, POST …/{code}/reopen. "
            + "description is optional (≤ 4000 characters); without it the case is described by the service name.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = Created.class)))
    @APIResponse(responseCode = "400", description = "Missing or invalid parameter",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = Open311Error.class)))
    @APIResponse(responseCode = "403", description = "Missing or invalid api_key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = Open311Error.class)))
    public Response create(@FormParam("api_key") String apiKey, @FormParam("jurisdiction_id") String jurisdiction,
                           @FormParam("service_code") String serviceCode, @FormParam("lat") String lat,
                           @FormParam("long") String lon, @FormParam("address_string") String address,
                           @FormParam("address_id") String addressId, @FormParam("email") String email,
                           @FormParam("device_id") String deviceId, @FormParam("account_id") String accountId,
                           @FormParam("first_name") String firstName, @FormParam("last_name") String lastName,
                           @FormParam("phone") String phone, @FormParam("description") String description,
                           @FormParam("media_url") String mediaUrl,
                           @FormParam("attribute[department]") String department, @FormParam("attribute[post]") String post,
                           @FormParam("attribute[application_id]") String applicationId) {
        Open311Clients.Client client = clients.byKey(apiKey).orElseThrow(() -> new Open311Failure(403, "invalid api_key"));
        checkJurisdiction(jurisdiction);
        if (serviceCode == null || serviceCode.isBlank()) {
            throw new Open311Failure(400, "service_code is required");
        }
        ComplaintCategory category = ComplaintCategory.findById(serviceCode);
        if (category == null || !category.active) {
            throw new Open311Failure(404, "unknown service_code");
        }
        Double latitude = coordinate(lat, "lat", 90);
        Double longitude = coordinate(lon, "long", 180);
        if ((latitude == null) != (longitude == null)) {
            throw new Open311Failure(400, "lat and long go together");
        }
        if (latitude == null && blank(address) && blank(addressId)) {
            throw new Open311Failure(400, "a location is required: lat and long, address_string or address_id");
        }
        // GeoReport v2 makes description optional; the case still needs a text (column and views), so a request
        // without one is described by the service it was filed under.
        if (blank(description)) {
            description = category.nameZh;
        }
        if (description.length() > DESCRIPTION_MAX) {
            throw new Open311Failure(400, "description is limited to " + DESCRIPTION_MAX + " characters");
        }
        if (tooLong(address, 300) || tooLong(addressId, 100) || tooLong(firstName, 50) || tooLong(lastName, 50) || tooLong(phone, 30) || tooLong(email, 200)
                || tooLong(post, 40) || (post != null && !post.matches("[a-z0-9][a-z0-9-]*"))) {
            throw new Open311Failure(400, "a parameter is too long or malformed");
        }
        UUID application = null;
        if (!blank(applicationId)) {
            try {
                application = UUID.fromString(applicationId.strip());
            } catch (IllegalArgumentException e) {
                throw new Open311Failure(400, "attribute[application_id] is not a UUID");
            }
        }
        String name = blank(firstName) && blank(lastName) ? null
                : ((lastName == null ? "" : lastName.strip()) + (firstName == null ? "" : firstName.strip()));
        boolean anonymous = name == null && blank(phone) && blank(email);
        ComplaintService.NewComplaint in = new ComplaintService.NewComplaint(Channel.WEB, serviceCode, description,
                blank(department) ? null : department.strip(), blank(post) ? null : post, application, null, null,
                blank(address) ? null : address.strip(), latitude, longitude, anonymous,
                anonymous ? null : new ComplaintService.Complainant(name, blank(phone) ? null : phone, blank(email) ? null : email.strip()));
        String actor = ("open311:" + client.name());
        ComplaintService.Open311Origin origin = new ComplaintService.Open311Origin(client.id(), addressId);
        ComplaintService.Registered r = QuarkusTransaction.requiringNew().call(() ->
                complaints.receive(in, actor.length() > 100 ? actor.substring(0, 100) : actor, origin));
        Complaint c = r.complaint();
        return Response.status(201).entity(List.of(new Created(c.reference, c.open311Token.toString(),
                serviceNotice(rules.limitsOf(serviceCode).acceptDays(), r.trackingCode()), null))).build();
    }

    /**
     * The notice for the submitter: the acceptance deadline and, this once, the complaint's secret tracking code — the
     * only way to follow the case, read the reply, rate it or reopen it (GeoReport's token names the request, not the
     * complainant, and {@code GET requests} is public). Only its hash is stored: it is never shown again.
     */
    static String serviceNotice(int acceptDays, String trackingCode) {
        return "受理时限 " + acceptDays + " 个工作日。查询码 " + trackingCode + "（仅显示一次，请妥善保存）：凭此码在 "
                + TRACKING_PATH + trackingCode + " 查看进度和答复、评价或申请重新办理。"
                + " Tracking code " + trackingCode + " (shown once, keep it): follow the case, read the reply, rate it or"
                + " reopen it at " + TRACKING_PATH + trackingCode + ".";
    }

    @GET
    @Path("/requests" + JSON_SUFFIX)
    @Operation(operationId = "open311Requests", summary = "Service requests: by ids (comma-separated, overriding all else) or by service_code, period and status; default the last 90 days, at most 1000",
            description = PUBLIC_FIELDS)
    public List<ServiceRequest> requests(@QueryParam("jurisdiction_id") String jurisdiction,
                                         @QueryParam("service_request_id") String ids,
                                         @QueryParam("service_code") String serviceCodes,
                                         @QueryParam("start_date") String startDate,
                                         @QueryParam("end_date") String endDate,
                                         @QueryParam("status") String status) {
        checkJurisdiction(jurisdiction);
        StringBuilder where = new StringBuilder("channel <> :supervision");
        Map<String, Object> params = new HashMap<>();
        params.put("supervision", Channel.E_SUPERVISION);
        if (!blank(ids)) {
            where.append(" and reference in :ids");
            params.put("ids", split(ids));
        } else {
            Instant end = blank(endDate) ? rules.now() : dateTime(endDate, "end_date");
            Instant start = blank(startDate) ? end.minus(Duration.ofDays(defaultDays)) : dateTime(startDate, "start_date");
            if (start.isAfter(end)) {
                throw new Open311Failure(400, "start_date is after end_date");
            }
            if (!blank(startDate) && !blank(endDate) && Duration.between(start, end).compareTo(Duration.ofDays(defaultDays)) > 0) {
                throw new Open311Failure(400, "start_date and end_date may not span more than " + defaultDays + " days");
            }
            where.append(" and receivedAt >= :start and receivedAt <= :end");
            params.put("start", start);
            params.put("end", end);
            if (!blank(serviceCodes)) {
                where.append(" and category in :codes");
                params.put("codes", split(serviceCodes));
            }
            if (!blank(status)) {
                Set<String> wanted = Set.copyOf(split(status));
                if (!Set.of("open", "closed").containsAll(wanted)) {
                    throw new Open311Failure(400, "status is open or closed");
                }
                if (wanted.size() == 1) {
                    where.append(wanted.contains("closed") ? " and status in :closed" : " and status not in :closed");
                    params.put("closed", List.of(ComplaintStatus.CLOSED, ComplaintStatus.MERGED));
                }
            }
        }
        TypedQuery<Complaint> q = em.createQuery("from Complaint where " + where + " order by receivedAt desc, id", Complaint.class);
        params.forEach(q::setParameter);
        List<Complaint> found = q.setMaxResults(maxRows).getResultList();
        return views(found);
    }

    @GET
    @Path("/requests/{id: TS[0-9]+}" + JSON_SUFFIX)
    @Operation(operationId = "open311Request", summary = "One service request", description = PUBLIC_FIELDS)
    @APIResponse(responseCode = "200", description = "The service request, as a list of one",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = ServiceRequest.class)))
    @APIResponse(responseCode = "404", description = "Unknown service_request_id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = Open311Error.class)))
    public List<ServiceRequest> request(@PathParam("id") String id, @QueryParam("jurisdiction_id") String jurisdiction) {
        checkJurisdiction(jurisdiction);
        Complaint c = Complaint.<Complaint>find("reference", id).firstResultOptional()
                .filter(x -> x.channel != Channel.E_SUPERVISION)
                .orElseThrow(() -> new Open311Failure(404, "unknown service_request_id"));
        return views(List.of(c));
    }

    @GET
    @Path("/tokens/{token: [0-9a-fA-F-]{36}}" + JSON_SUFFIX)
    @Operation(operationId = "open311Token", summary = "The service_request_id of a token")
    @APIResponse(responseCode = "200", description = "The token with its service_request_id, as a list of one",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = TokenAnswer.class)))
    @APIResponse(responseCode = "404", description = "Unknown token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = Open311Error.class)))
    public List<TokenAnswer> token(@PathParam("token") String token, @QueryParam("jurisdiction_id") String jurisdiction) {
        checkJurisdiction(jurisdiction);
        UUID t;
        try {
            t = UUID.fromString(token);
        } catch (IllegalArgumentException e) {
            throw new Open311Failure(404, "unknown token");
        }
        Complaint c = Complaint.<Complaint>find("open311Token", t).firstResultOptional()
                .orElseThrow(() -> new Open311Failure(404, "unknown token"));
        return List.of(new TokenAnswer(c.reference, t.toString()));
    }

    /**
     * Any other path under {@code /open311/v2} (an unknown resource, a service code or request id that cannot exist,
     * {@code .xml}): GeoReport's 404 in its own format, which its clients parse, not the API's problem document.
     * JAX-RS prefers every path above (more literal characters), so this matches only what none of them does.
     */
    @GET
    @Path("/{unknown: .+}")
    @Operation(hidden = true)
    public List<Open311Error> unknown() {
        throw new Open311Failure(404, "no such GeoReport v2 resource (JSON only)");
    }

    // --- mapping --------------------------------------------------------------------------------------------------

    private List<ServiceRequest> views(List<Complaint> found) {
        Map<String, String> categoryNames = ComplaintCategory.<ComplaintCategory>listAll().stream()
                .collect(Collectors.toMap(c -> c.code, c -> c.nameZh));
        Map<String, String> departmentNames = departments.active().stream()
                .collect(Collectors.toMap(Departments.DepartmentRef::code, Departments.DepartmentRef::name));
        Map<UUID, String> masters = new HashMap<>();
        for (Complaint c : found) {
            if (c.mergedInto != null) {
                Complaint m = Complaint.findById(c.mergedInto);
                masters.put(c.mergedInto, m == null ? null : m.reference);
            }
        }
        List<ServiceRequest> out = new ArrayList<>();
        for (Complaint c : found) {
            // What was not filed in public is listed by its state only: no text, no place (see the class comment).
            boolean published = c.channel.isFiledInPublic();
            out.add(new ServiceRequest(c.reference, c.status.isOpen311Closed() ? "closed" : "open",
                    statusNotes(c, masters.get(c.mergedInto)), categoryNames.getOrDefault(c.category, c.category), c.category,
                    published ? c.description : null, agency(c, departmentNames), null, iso(c.receivedAt), iso(c.updatedAt),
                    c.stepDueOn == null ? null : endOfDay(c.stepDueOn), published ? c.address : null,
                    published ? c.addressId : null, null, published ? c.lat : null, published ? c.lon : null, null));
        }
        return out;
    }

    static String statusNotes(Complaint c, String masterReference) {
        String state = switch (c.status) {
            case RECEIVED -> "RECEIVED: registered, awaiting acceptance (已登记，待受理)";
            case ACCEPTED -> "ACCEPTED: accepted, awaiting dispatch (已受理，待派发)";
            case REFERRED -> "REFERRED: outside the county's remit, referred to " + c.referredTo + "; a reply follows (已转办)";
            case DISPATCHED -> "DISPATCHED: with the handling department (办理中)";
            case AWAITING_DECISION -> "AWAITING_DECISION: the efficiency office decides who handles it (待效能办裁定)";
            case HANDLED -> "HANDLED: handled, reply in preparation (已办结，待答复)";
            case REPLIED -> "REPLIED: the complainant has been answered (已答复)";
            case RATED -> "RATED: the complainant gave feedback (已评价)";
            case CLOSED -> "CLOSED: closed (已办结归档)";
            case MERGED -> "MERGED: merged into " + masterReference + " (已合并)";
        };
        return c.reopenCount > 0 ? state + "; reopened " + c.reopenCount + "x" : state;
    }

    private static String agency(Complaint c, Map<String, String> departmentNames) {
        if (c.referredTo != null) {
            return c.referredTo;
        }
        if (c.handlingDepartment != null) {
            return departmentNames.getOrDefault(c.handlingDepartment, c.handlingDepartment);
        }
        return "县行政效能投诉中心";
    }

    private static String iso(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, WorkingDayCalendar.ZONE).toString();
    }

    /** A deadline runs to the end of its day, Beijing time. */
    static String endOfDay(LocalDate day) {
        return day.atTime(LocalTime.of(23, 59, 59)).atZone(WorkingDayCalendar.ZONE).toOffsetDateTime().toString();
    }

    private void checkJurisdiction(String jurisdiction) {
        if (!blank(jurisdiction) && !jurisdiction.equals(jurisdictionId)) {
            throw new Open311Failure(404, "unknown jurisdiction_id");
        }
    }

    private static Instant dateTime(String text, String name) {
        Instant t;
        try {
            t = OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                t = LocalDate.parse(text.strip()).atStartOfDay(WorkingDayCalendar.ZONE).toInstant();
            } catch (DateTimeParseException e2) {
                throw new Open311Failure(400, name + " is not an ISO 8601 date-time");
            }
        }
        // ISO 8601 admits years up to ±999999999, which PostgreSQL cannot even bind (a server error): bounded to the
        // platform's years for query dates, as every date parameter of every service, but answered in GeoReport's own
        // error list, which is what Open311 clients read.
        // (compared as instants: converting an extreme instant back to a zoned date-time would itself overflow)
        if (t.isBefore(LocalDate.of(QueryDates.MIN_YEAR, 1, 1).atStartOfDay(WorkingDayCalendar.ZONE).toInstant())
                || !t.isBefore(LocalDate.of(QueryDates.MAX_YEAR + 1, 1, 1).atStartOfDay(WorkingDayCalendar.ZONE).toInstant())) {
            throw new Open311Failure(400, name + " must lie in the years " + QueryDates.MIN_YEAR + " to " + QueryDates.MAX_YEAR);
        }
        return t;
    }

    private static Double coordinate(String text, String name, double bound) {
        if (blank(text)) {
            return null;
        }
        try {
            double v = Double.parseDouble(text.strip());
            if (Double.isNaN(v) || Math.abs(v) > bound) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new Open311Failure(400, name + " is not a valid coordinate");
        }
    }

    private static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).limit(1000).toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean tooLong(String s, int max) {
        return s != null && s.length() > max;
    }

    static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
