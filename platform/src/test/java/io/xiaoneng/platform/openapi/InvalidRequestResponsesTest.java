package io.xiaoneng.platform.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidRequestResponsesTest {

    final InvalidRequestResponses filter = new InvalidRequestResponses();

    static Parameter query(String name, Schema schema) {
        return OASFactory.createParameter().name(name).in(Parameter.In.QUERY).schema(schema);
    }

    static Schema of(Schema.SchemaType type) {
        return OASFactory.createSchema().type(List.of(type));
    }

    static Operation operation(Parameter... parameters) {
        return OASFactory.createOperation().operationId("op").parameters(List.of(parameters))
                .responses(OASFactory.createAPIResponses().addAPIResponse("200", OASFactory.createAPIResponse().description("OK")));
    }

    @Test
    void anOperationWithABodyOrACheckedParameterDocuments400AsAProblem() {
        List<Operation> operations = List.of(
                operation().requestBody(OASFactory.createRequestBody().description("the new window")),
                operation(query("page", of(Schema.SchemaType.INTEGER))),
                operation(query("from", of(Schema.SchemaType.STRING).format("date"))),
                operation(query("status", OASFactory.createSchema().ref("ApplicationStatus"))),
                operation(query("code", of(Schema.SchemaType.STRING).pattern("[a-z0-9-]+"))),
                operation(query("year", of(Schema.SchemaType.INTEGER).minimum(BigDecimal.valueOf(2000)))),
                operation(query("ids", of(Schema.SchemaType.ARRAY).items(of(Schema.SchemaType.STRING).format("uuid")))));

        for (Operation op : operations) {
            filter.filterOperation(op);
            assertThat(op.getResponses().getAPIResponse("400").getContent().getMediaType("application/problem+json")
                    .getSchema().getRef()).as(op.getParameters().toString()).isEqualTo("#/components/schemas/Problem");
            assertThat(op.getResponses().getAPIResponse("200")).as("the success answer stays").isNotNull();
        }
    }

    @Test
    void freeTextParametersAloneCannotBeInvalid() {
        Operation op = operation(query("department", of(Schema.SchemaType.STRING)),
                OASFactory.createParameter().name("X-Request-Id").in(Parameter.In.HEADER));

        filter.filterOperation(op);

        assertThat(op.getResponses().hasAPIResponse("400")).isFalse();
    }

    @Test
    void aDeclared400KeepsItsOwnText() {
        Operation op = operation(query("page", of(Schema.SchemaType.INTEGER)));
        op.getResponses().addAPIResponse("400", OASFactory.createAPIResponse().description("Dates reversed"));

        filter.filterOperation(op);

        assertThat(op.getResponses().getAPIResponse("400").getDescription()).isEqualTo("Dates reversed");
    }

    @Test
    void anOperationWhoseErrorsHaveTheirOwnFormatIsLeftToDocumentIts400() {
        Operation op = operation(query("format", of(Schema.SchemaType.STRING).pattern("\\.json|")));
        op.getResponses().addAPIResponse("404", OASFactory.createAPIResponse().description("Unknown service code")
                .content(OASFactory.createContent().addMediaType("application/json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Open311Errors")))));

        filter.filterOperation(op);

        assertThat(op.getResponses().hasAPIResponse("400")).isFalse();
    }
}
