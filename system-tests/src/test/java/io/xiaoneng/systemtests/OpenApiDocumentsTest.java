package io.xiaoneng.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.xiaoneng.systemtests.OpenApiOperations.Operation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the published documents promise a client writing against them: every error answer an operation documents has
 * its body documented — on the business API an RFC 9457 problem ({@code application/problem+json} with the shared
 * {@code Problem} schema, which each document carries in its components), on Open311 GeoReport's own error list.
 * Most operations state only a status and a text for their errors; the platform's build-time filter adds the body.
 */
@Order(9)
class OpenApiDocumentsTest {

    @Test
    void everyDocumentedErrorAnswerHasItsBodyAndTheApisAreProblems() throws Exception {
        SystemStack.get();
        List<String> undocumented = new ArrayList<>();
        int errorAnswers = 0;
        for (String service : OpenApiOperations.SERVICES) {
            JsonNode document = OpenApiOperations.document(service);
            JsonNode problem = document.at("/components/schemas/Problem");
            assertThat(problem.path("properties").has("type") && problem.path("properties").has("status")
                    && problem.path("properties").has("errors")).as(service + ": components.schemas.Problem").isTrue();
            for (Operation op : OpenApiOperations.of(service)) {
                JsonNode responses = op.node().path("responses");
                for (Map.Entry<String, JsonNode> answer : responses.properties()) {
                    if (!answer.getKey().startsWith("4") && !answer.getKey().startsWith("5")) {
                        continue;
                    }
                    errorAnswers++;
                    JsonNode content = answer.getValue().path("content");
                    boolean documented = op.path().startsWith("/open311/")
                            ? content.path("application/json").has("schema")
                            : content.path("application/problem+json").path("schema").path("$ref").asText()
                                    .equals("#/components/schemas/Problem");
                    if (!documented) {
                        undocumented.add(op + " " + answer.getKey() + " " + content);
                    }
                }
            }
        }
        assertThat(errorAnswers).as("documented error answers").isGreaterThan(300);
        assertThat(undocumented).as("error answers without their body").isEmpty();
    }

    /**
     * A client generated from a document needs the success answer too: its status, and for 200/201 the body's schema.
     * (SmallRye derives that answer from the method's return type only while an operation declares no response of
     * its own: one declared error answer, even on the class, and the success answer must be declared with it.)
     */
    @Test
    void everyOperationDocumentsItsSuccessAndItsBody() throws Exception {
        SystemStack.get();
        List<String> missing = new ArrayList<>();
        List<Operation> operations = OpenApiOperations.all();
        for (Operation op : operations) {
            JsonNode responses = op.node().path("responses");
            boolean success = false;
            for (Map.Entry<String, JsonNode> answer : responses.properties()) {
                if (!answer.getKey().startsWith("2") && !answer.getKey().startsWith("3")) {
                    continue;
                }
                success = true;
                if (answer.getKey().equals("200") || answer.getKey().equals("201")) {
                    boolean typed = false;
                    for (JsonNode media : answer.getValue().path("content")) {
                        typed |= !media.path("schema").isEmpty(); // "schema": {} says nothing either
                    }
                    if (!typed) {
                        missing.add(op + " " + answer.getKey() + " without a body schema");
                    }
                }
            }
            if (!success) {
                missing.add(op + " without a success answer " + responses.properties().stream().map(Map.Entry::getKey).toList());
            }
        }
        assertThat(operations).as("operations").hasSizeGreaterThan(150);
        assertThat(missing).as("operations whose success a client cannot read from the document").isEmpty();
    }

    /**
     * Every operation that takes a body, or a parameter that is not free text (a path's UUID, a page number, a date),
     * can be refused as invalid, and its document says so: a 400 with the problem body.
     */
    @Test
    void everyOperationThatTakesCheckedInputDocumentsItsBadRequest() throws Exception {
        SystemStack.get();
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Operation op : OpenApiOperations.all()) {
            boolean takesInput = op.node().has("requestBody");
            for (OpenApiOperations.Parameter parameter : op.parameters()) {
                JsonNode schema = parameter.schema();
                boolean text = true; // "type" is a name or, in OpenAPI 3.1, a list of names
                for (JsonNode t : schema.path("type").isArray() ? schema.path("type") : List.of(schema.path("type"))) {
                    text &= t.isMissingNode() || t.asText().equals("string") || t.asText().equals("null");
                }
                takesInput |= !text || schema.has("format") || schema.has("$ref") || schema.has("enum")
                        || schema.has("pattern") || schema.has("minimum") || schema.has("maximum");
            }
            if (!takesInput || op.path().startsWith("/open311/")) {
                continue; // Open311 answers GeoReport's own 400 list, documented by its resource
            }
            checked++;
            if (!op.node().path("responses").has("400")) {
                missing.add(op.toString());
            }
        }
        assertThat(checked).as("operations taking checked input").isGreaterThan(100);
        assertThat(missing).as("operations that can answer 400 without saying so").isEmpty();
    }
}
