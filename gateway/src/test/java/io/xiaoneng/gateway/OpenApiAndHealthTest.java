package io.xiaoneng.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** The merged OpenAPI document of the services behind the gateway, its Swagger UI, and the aggregated readiness. */
@QuarkusTest
@QuarkusTestResource(Upstreams.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class OpenApiAndHealthTest {

    @AfterEach
    void servicesUp() {
        for (String name : new String[] {"approval", "complaint", "evaluation"}) {
            Upstreams.service(name).reset();
        }
    }

    @Test
    void theMergedDocumentHasEveryServicesPathsAndKeepsClashingComponentsApart() {
        given().when().get("/q/openapi-merged")
                .then().statusCode(200)
                .contentType("application/json")
                .body("info.title", equalTo("Xiaoneng API"))
                .body("paths", hasKey("/api/v1/approval-things"))
                .body("paths", hasKey("/api/v1/complaint-things"))
                .body("paths", hasKey("/api/v1/evaluation-things"))
                // the same Problem everywhere: kept once
                .body("components.schemas", hasKey("Problem"))
                .body("components.schemas", not(hasKey("approval_Problem")))
                // Owner differs per service; Thing is written alike but refers to each service's own Owner
                .body("components.schemas", hasKey("approval_Owner"))
                .body("components.schemas", hasKey("complaint_Owner"))
                .body("components.schemas", not(hasKey("Owner")))
                .body("components.schemas", not(hasKey("Thing")))
                .body("components.schemas.complaint_Thing.properties.owner.$ref", equalTo("#/components/schemas/complaint_Owner"))
                .body("paths.'/api/v1/evaluation-things'.get.responses.'200'.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/evaluation_Thing"))
                .body("paths.'/api/v1/evaluation-things'.get.responses.'404'.content.'application/problem+json'.schema.$ref",
                        equalTo("#/components/schemas/Problem"))
                // an operationId every service has is made unique per service; one of its own stays as it is
                .body("paths.'/api/v1/admin/approval/dead-letters'.get.operationId", equalTo("approval_listDeadLetters"))
                .body("paths.'/api/v1/admin/complaint/dead-letters'.get.operationId", equalTo("complaint_listDeadLetters"))
                .body("paths.'/api/v1/admin/complaint/dead-letters'.post.operationId", equalTo("redriveComplaintThings"))
                .body("paths.'/api/v1/evaluation-things'.get.operationId", equalTo("listEvaluationThings"))
                .body("components.securitySchemes.SecurityScheme.scheme", equalTo("bearer"))
                .body("tags.name", hasItems("Approval", "Complaint", "Evaluation"));
    }

    @Test
    void aServiceThatIsDownIsNamedAndTheOthersAreStillMerged() {
        Upstreams.service("evaluation").stop();
        given().when().get("/q/openapi-merged")
                .then().statusCode(200)
                .body("x-unavailable-services", equalTo(java.util.List.of("evaluation")))
                .body("paths", hasKey("/api/v1/approval-things"))
                .body("paths", not(hasKey("/api/v1/evaluation-things")));
    }

    @Test
    void theSwaggerUiShowsTheMergedDocument() {
        given().when().get("/q/swagger-ui/")
                .then().statusCode(200)
                .body(containsString("/q/openapi-merged"));
    }

    @Test
    void readinessIncludesEachService() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'upstream services' }.data.approval", equalTo("UP"))
                .body("checks.find { it.name == 'upstream services' }.data.complaint", equalTo("UP"))
                .body("checks.find { it.name == 'upstream services' }.data.evaluation", equalTo("UP"))
                .body("checks.find { it.name == 'upstream services' }.data.'approval.breaker'", notNullValue());

        Upstreams.service("complaint").stop();
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'upstream services' }.data.complaint", equalTo("DOWN"))
                .body("checks.find { it.name == 'upstream services' }.data.approval", equalTo("UP"));
        // liveness is the gateway's own
        given().when().get("/q/health/live").then().statusCode(200);
    }
}
