package io.xiaoneng.evaluation.rating.domain;

import io.xiaoneng.platform.problem.IllegalTransitionProblem;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rectification's states and its on-time rule at the due day, without Quarkus. */
class RectificationTest {

    static Rectification open(String dueOn) {
        Rectification x = new Rectification();
        x.id = UUID.randomUUID();
        x.status = RectificationStatus.OPEN;
        x.dueOn = LocalDate.parse(dueOn);
        return x;
    }

    @Test
    void fixedOnTheDueDayIsOnTimeTheDayAfterIsNot() {
        Rectification onTime = open("2026-03-20");
        onTime.fix("measures", "clerk", LocalDate.parse("2026-03-20"));
        onTime.callBack(true, "reached", "clerk", LocalDate.parse("2026-03-21"));
        onTime.reRate("SATISFIED", OffsetDateTime.now());
        assertThat(onTime.onTime).isTrue();
        assertThat(onTime.status).isEqualTo(RectificationStatus.CLOSED);

        Rectification late = open("2026-03-20");
        assertThat(late.overdue(LocalDate.parse("2026-03-20"))).isFalse();
        assertThat(late.overdue(LocalDate.parse("2026-03-21"))).isTrue();
        late.fix("measures", "clerk", LocalDate.parse("2026-03-21"));
        assertThat(late.overdue(LocalDate.parse("2026-03-22"))).isFalse();
        late.callBack(true, null, "clerk", LocalDate.parse("2026-03-23"));
        late.reRate("BASICALLY_SATISFIED", OffsetDateTime.now());
        assertThat(late.onTime).isFalse();
    }

    @Test
    void aCallBackThatDoesNotReachTheRaterKeepsTheCaseWaiting() {
        Rectification x = open("2026-03-20");
        assertThatThrownBy(() -> x.callBack(true, null, "clerk", LocalDate.parse("2026-03-01")))
                .isInstanceOf(IllegalTransitionProblem.class);
        x.fix("m", "clerk", LocalDate.parse("2026-03-02"));
        x.callBack(false, "no answer", "clerk", LocalDate.parse("2026-03-03"));
        assertThat(x.status).isEqualTo(RectificationStatus.FIXED);
        assertThat(x.callbackAttempts).isEqualTo(1);
        assertThat(x.allowedCommands()).containsExactly("measures", "call-back");
        assertThatThrownBy(() -> x.reRate("SATISFIED", OffsetDateTime.now())).isInstanceOf(IllegalTransitionProblem.class);
    }
}
