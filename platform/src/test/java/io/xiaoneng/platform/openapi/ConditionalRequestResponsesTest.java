package io.xiaoneng.platform.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionalRequestResponsesTest {

    final ConditionalRequestResponses filter = new ConditionalRequestResponses();

    static Operation operation(Parameter.In in, String name) {
        return OASFactory.createOperation().operationId("op")
                .addParameter(OASFactory.createParameter().in(in).name(name))
                .responses(OASFactory.createAPIResponses().addAPIResponse("200", OASFactory.createAPIResponse().description("ok")));
    }

    @Test
    void aCommandTakingIfMatchDocumentsBothPreconditionAnswersAsProblems() {
        Operation op = filter.filterOperation(operation(Parameter.In.HEADER, "If-Match"));

        assertThat(op.getResponses().getAPIResponses()).containsKeys("200", "412", "428");
        var failed = op.getResponses().getAPIResponse("412");
        assertThat(failed.getDescription()).contains("not the current ETag");
        assertThat(failed.getContent().getMediaType("application/problem+json").getSchema().getRef())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(op.getResponses().getAPIResponse("428").getDescription()).contains("missing");
    }

    @Test
    void theHeaderNameIsCaseInsensitiveAsInHttp() {
        Operation op = filter.filterOperation(operation(Parameter.In.HEADER, "if-match"));

        assertThat(op.getResponses().getAPIResponses()).containsKeys("412", "428");
    }

    @Test
    void anOperationsOwnTextIsKept() {
        Operation op = operation(Parameter.In.HEADER, "If-Match");
        op.getResponses().addAPIResponse("412", OASFactory.createAPIResponse().description("The draft was refreshed meanwhile"));

        filter.filterOperation(op);

        assertThat(op.getResponses().getAPIResponse("412").getDescription()).isEqualTo("The draft was refreshed meanwhile");
        assertThat(op.getResponses().getAPIResponses()).containsKey("428");
    }

    @Test
    void operationsWithoutIfMatchAreLeftAlone() {
        Operation query = filter.filterOperation(operation(Parameter.In.QUERY, "If-Match"));
        Operation other = filter.filterOperation(operation(Parameter.In.HEADER, "Idempotency-Key"));
        Operation none = filter.filterOperation(OASFactory.createOperation().operationId("list"));

        assertThat(query.getResponses().getAPIResponses()).containsOnlyKeys("200");
        assertThat(other.getResponses().getAPIResponses()).containsOnlyKeys("200");
        assertThat(none.getResponses()).isNull();
    }
}
