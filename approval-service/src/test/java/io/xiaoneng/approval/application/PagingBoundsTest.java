package io.xiaoneng.approval.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.approval.application.Fixtures.*;
import static io.xiaoneng.approval.application.ProblemChecks.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page number so large that page × size overflows an int (the offset turned negative, and Hibernate refused it
 * with a 500) is a 400 on the parameter, on every list of the service.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "approval"))
class PagingBoundsTest {

    static final int OVERFLOWING_PAGE = 1_073_741_824; // × 2 = 2^31

    @Test
    void aPageBeyondTheBoundIsAValidationProblemOnEveryList() {
        String dept = department();
        String[][] lists = {
                {"/api/v1/applications", clerk(dept)},
                {"/api/v1/supervision/red-cases", supervisor()},
                {"/api/v1/appointments/mine", applicant("applicant-paging")},
                {"/api/v1/catalog/items", applicant("applicant-paging")},
        };
        for (String[] list : lists) {
            JsonPath p = problem(given().auth().oauth2(list[1]).queryParam("page", OVERFLOWING_PAGE).queryParam("size", 2)
                    .when().get(list[0]).then().extract(), 400, "validation-failed");
            assertThat(p.getList("errors.field")).as(list[0]).containsExactly("page");
            // the last page allowed still answers
            given().auth().oauth2(list[1]).queryParam("page", 100_000).queryParam("size", 2)
                    .when().get(list[0]).then().statusCode(200);
        }
    }
}
