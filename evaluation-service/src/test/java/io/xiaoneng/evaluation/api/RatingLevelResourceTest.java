package io.xiaoneng.evaluation.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.xiaoneng.devstack.test.PostgresKafkaTestResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.xiaoneng.devstack.test.TestTokens.token;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresKafkaTestResource.class, initArgs = @ResourceArg(name = "database", value = "evaluation"))
class RatingLevelResourceTest {

    @Test
    void anonymousCallerIsRejected() {
        given().when().get("/api/v1/rating-levels").then().statusCode(401);
    }

    @Test
    void fiveLevelsBestFirstWithTheBottomTwoAsBadReviews() {
        given().auth().oauth2(token("applicant-a", null, "applicant"))
                .when().get("/api/v1/rating-levels")
                .then().statusCode(200)
                .body("code", contains("VERY_SATISFIED", "SATISFIED", "BASICALLY_SATISFIED", "DISSATISFIED", "VERY_DISSATISFIED"))
                .body("rank", contains(5, 4, 3, 2, 1))
                .body("badReview", contains(false, false, false, true, true))
                .body("nameZh", contains("非常满意", "满意", "基本满意", "不满意", "非常不满意"));
    }

    @Test
    void readinessCoversDatabaseAndKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", hasItem("Kafka connection health check"));
    }
}
