package io.xiaoneng.platform.http;

import io.xiaoneng.platform.problem.BadRequestProblem;
import io.xiaoneng.platform.problem.PreconditionFailedProblem;
import io.xiaoneng.platform.problem.PreconditionRequiredProblem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IfMatchTest {

    @Test
    void strongTagsOfTheVersion() {
        assertThat(EntityTags.of(7)).isEqualTo("\"7\"");
        assertThat(IfMatch.required("\"7\"").matches(7)).isTrue();
        assertThat(IfMatch.required("\"6\", \"7\"").matches(7)).isTrue();
        assertThat(IfMatch.required("\"6\"").matches(7)).isFalse();
        assertThat(IfMatch.required("*").matches(123)).isTrue();
        assertThat(IfMatch.required("W/\"7\"").matches(7)).as("If-Match compares strongly").isFalse();
    }

    @Test
    void missingIs428StaleIs412MalformedIs400() {
        assertThatThrownBy(() -> IfMatch.required(null)).isInstanceOf(PreconditionRequiredProblem.class);
        assertThatThrownBy(() -> IfMatch.required(" ")).isInstanceOf(PreconditionRequiredProblem.class);
        assertThatThrownBy(() -> IfMatch.required("\"1\"").check(2)).isInstanceOf(PreconditionFailedProblem.class);
        assertThatThrownBy(() -> IfMatch.required("1")).isInstanceOf(BadRequestProblem.class);
        assertThatThrownBy(() -> IfMatch.required("\"1")).isInstanceOf(BadRequestProblem.class);
    }

    @Test
    void idempotencyKeys() {
        assertThat(IdempotencyKey.isValid("6f1c2a4e-0b7d-4c55-9d1e-3f0b8a9c1d22")).isTrue();
        assertThat(IdempotencyKey.isValid("a")).isTrue();
        assertThat(IdempotencyKey.isValid("order 42 / retry")).isTrue();
        assertThat(IdempotencyKey.isValid("x".repeat(255))).isTrue();
        assertThat(IdempotencyKey.isValid("x".repeat(256))).isFalse();
        assertThat(IdempotencyKey.isValid("")).isFalse();
        assertThat(IdempotencyKey.isValid("   ")).isFalse();
        assertThat(IdempotencyKey.isValid("键")).isFalse();
        assertThat(IdempotencyKey.isValid("a\tb")).isFalse();
        assertThatThrownBy(() -> new IdempotencyKey("")).isInstanceOf(BadRequestProblem.class);
    }
}
