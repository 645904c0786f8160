package io.xiaoneng.evaluation.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published document of this service: every command guarded by {@code If-Match} documents its 412 and 428
 * answers as problem details (added by the platform's {@code ConditionalRequestResponses}, or its own text), and
 * every error answer, declared with a status and a text only, has the shared {@code Problem} body
 * ({@code ProblemResponses}); every list is paged by the platform's {@code PageRequest} and answers its {@code PageOf}.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
class OpenApiDocumentTest {

    static JsonNode document() throws Exception {
        return new ObjectMapper().readTree(given().queryParam("format", "json")
                .when().get("/q/openapi").then().statusCode(200).extract().asString());
    }

    @Test
    void everyIfMatchCommandDocumentsPreconditionFailedAndRequiredAsProblems() throws Exception {
        JsonNode doc = document();
        List<String> guarded = new ArrayList<>();
        List<String> undocumented = new ArrayList<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            JsonNode op = method.getValue();
            boolean takesIfMatch = false;
            for (JsonNode p : op.path("parameters")) {
                takesIfMatch |= "header".equals(p.path("in").asText()) && "If-Match".equalsIgnoreCase(p.path("name").asText());
            }
            if (!takesIfMatch) {
                return;
            }
            String id = op.path("operationId").asText();
            guarded.add(id);
            for (String status : List.of("412", "428")) {
                if (!op.path("responses").path(status).path("content").has("application/problem+json")) {
                    undocumented.add(id + " " + status);
                }
            }
        }));
        assertThat(guarded).as("commands taking If-Match").contains("closeAccountabilityCase", "submitAccountabilityStatement");
        assertThat(undocumented).isEmpty();
    }

    @Test
    void errorAnswersAreProblemsWithTheSharedSchema() throws Exception {
        JsonNode doc = document();
        assertThat(doc.at("/components/schemas/Problem/properties").has("type")).as("the Problem schema").isTrue();
        assertThat(doc.at("/components/schemas/Problem/properties").has("errors")).as("the Problem schema").isTrue();
        List<String> errorAnswers = new ArrayList<>();
        List<String> withoutProblem = new ArrayList<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method ->
                method.getValue().path("responses").properties().forEach(answer -> {
                    if (answer.getKey().startsWith("4") || answer.getKey().startsWith("5")) {
                        String id = method.getValue().path("operationId").asText() + " " + answer.getKey();
                        errorAnswers.add(id);
                        if (!answer.getValue().at("/content/application~1problem+json/schema/$ref").asText()
                                .equals("#/components/schemas/Problem")) {
                            withoutProblem.add(id);
                        }
                    }
                })));
        // e.g. getRectification declares only "404 No such rectification visible to the caller"
        assertThat(errorAnswers).as("documented error answers").contains("getRectification 404", "reRateRectification 422");
        assertThat(withoutProblem).isEmpty();
    }

    /** {@code $ref} followed to its schema in the components. */
    static JsonNode resolved(JsonNode doc, JsonNode schema) {
        String ref = schema.path("$ref").asText();
        return ref.isEmpty() ? schema : doc.at(ref.substring(1));
    }

    /** A client learns the page size bounds and the shape of the answer from the document, not from a 400. */
    @Test
    void everyListTakesPageAndSizeAndAnswersAPageOfItsViews() throws Exception {
        JsonNode doc = document();
        Map<String, String> lists = new TreeMap<>();   // operationId → the schema of its items
        List<String> wrong = new ArrayList<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            JsonNode op = method.getValue();
            String id = op.path("operationId").asText();
            Map<String, JsonNode> query = new HashMap<>();
            for (JsonNode p : op.path("parameters")) {
                if ("query".equals(p.path("in").asText())) {
                    query.put(p.path("name").asText(), p.path("schema"));
                }
            }
            if (!query.containsKey("page") && !query.containsKey("size")) {
                return;
            }
            JsonNode page = query.getOrDefault("page", MissingNode.getInstance());
            JsonNode size = query.getOrDefault("size", MissingNode.getInstance());
            if (page.path("default").asInt(-1) != 0 || page.path("minimum").asInt(-1) != 0
                    || size.path("default").asInt() != 20 || size.path("minimum").asInt() != 1 || size.path("maximum").asInt() != 100) {
                wrong.add(id + " page " + page + " size " + size);
            }
            JsonNode answer = resolved(doc, op.at("/responses/200/content/application~1json/schema")).path("properties");
            if (!answer.has("total") || !answer.has("page") || !answer.has("size") || !"array".equals(answer.at("/items/type").asText())) {
                wrong.add(id + " answers " + answer);
            }
            lists.put(id, answer.at("/items/items/$ref").asText());
        }));
        assertThat(lists).containsOnlyKeys("listRatings", "listRectifications", "listAccountabilityCases",
                "listPublishedAccountabilityCases", "listPersonalAssessments", "listHospitalitySpending", "listTermTargets",
                "listInvestmentTargets", "listSanctions");
        assertThat(lists.values()).as("items of a view schema").allSatisfy(ref -> assertThat(ref).startsWith("#/components/schemas/"));
        assertThat(lists).containsEntry("listRatings", "#/components/schemas/RatingView")
                .containsEntry("listPublishedAccountabilityCases", "#/components/schemas/PublishedCase");
        assertThat(wrong).isEmpty();
    }

    /**
     * A client generates its code from the document: every operation says what it answers on success, and every 200
     * or 201 says in which media type and with which schema. SmallRye derives the 200 from the return type only while
     * an operation declares no answer at all (a class-level 401 is one), and gives a declared {@code @Content} without
     * a media type one only from {@code @Produces}: so every resource produces JSON at class level and declares its
     * success answer.
     */
    @Test
    void everyOperationDocumentsItsSuccessAnswerWithABody() throws Exception {
        JsonNode doc = document();
        List<String> operations = new ArrayList<>();
        List<String> offenders = new ArrayList<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            if (!List.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
                return;
            }
            JsonNode op = method.getValue();
            String id = method.getKey().toUpperCase() + " " + path.getKey() + " (" + op.path("operationId").asText() + ")";
            operations.add(op.path("operationId").asText());
            boolean success = false;
            for (var answer : op.path("responses").properties()) {
                String status = answer.getKey();
                success |= status.startsWith("2") || status.startsWith("3");
                if (!status.equals("200") && !status.equals("201")) {
                    continue;
                }
                JsonNode content = answer.getValue().path("content");
                if (content.isEmpty()) {
                    offenders.add(id + ": " + status + " without a media type");
                }
                // "schema": {} is what SmallRye makes of a JAX-RS Response: any body at all, nothing to generate from
                content.properties().forEach(media -> {
                    if (media.getValue().path("schema").isEmpty()) {
                        offenders.add(id + ": " + status + " " + media.getKey() + " without a schema");
                    }
                });
            }
            if (!success) {
                offenders.add(id + ": no success answer");
            }
        }));
        assertThat(operations).as("operations").contains("listRatings", "getAccountabilityCase", "exportPublishedReportXlsx");
        assertThat(offenders).as("operations without a documented success answer with a body").isEmpty();
    }
}
