package io.xiaoneng.platform.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemResponsesTest {

    final ProblemResponses filter = new ProblemResponses();

    static APIResponse text(String description) {
        return OASFactory.createAPIResponse().description(description);
    }

    @Test
    void anErrorAnswerWithoutABodyIsDocumentedAsAProblem() {
        Operation op = OASFactory.createOperation().operationId("getWindow").responses(OASFactory.createAPIResponses()
                .addAPIResponse("200", text("The window"))
                .addAPIResponse("404", text("No such window"))
                .addAPIResponse("503", text("Unavailable")));

        filter.filterOperation(op);

        for (String status : new String[] {"404", "503"}) {
            APIResponse answer = op.getResponses().getAPIResponse(status);
            assertThat(answer.getDescription()).as(status).isNotBlank();
            assertThat(answer.getContent().getMediaType("application/problem+json").getSchema().getRef())
                    .as(status).isEqualTo("#/components/schemas/Problem");
        }
        assertThat(op.getResponses().getAPIResponse("200").getContent()).as("a success answer is not touched").isNull();
    }

    @Test
    void anAnswerWithItsOwnBodyOrAReferenceKeepsIt() {
        APIResponse geoReport = text("Unknown token").content(OASFactory.createContent().addMediaType("application/json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Open311Error"))));
        APIResponse shared = OASFactory.createAPIResponse().ref("NotFound");
        Operation op = OASFactory.createOperation().operationId("open311Token").responses(OASFactory.createAPIResponses()
                .addAPIResponse("404", geoReport).addAPIResponse("410", shared));

        filter.filterOperation(op);

        assertThat(op.getResponses().getAPIResponse("404").getContent().getMediaTypes()).containsOnlyKeys("application/json");
        assertThat(op.getResponses().getAPIResponse("410").getContent()).isNull();
    }

    @Test
    void anOperationWithoutResponsesIsLeftAlone() {
        Operation op = OASFactory.createOperation().operationId("list");

        assertThat(filter.filterOperation(op).getResponses()).isNull();
    }
}
