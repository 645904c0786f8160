package io.xiaoneng.approval.application.domain;

import io.xiaoneng.platform.problem.IllegalTransitionProblem;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.xiaoneng.approval.application.domain.ApplicationStatus.*;
import static io.xiaoneng.approval.application.domain.Command.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleTest {

    static final Lifecycle.Facts SINGLE = Lifecycle.Facts.of(false, false);
    static final Lifecycle.Facts PARALLEL = Lifecycle.Facts.of(true, false);

    /** The whole table for a single-department case, written out: every other pair must be refused. */
    static final Map<ApplicationStatus, Set<Command>> EXPECTED_SINGLE = Map.ofEntries(
            Map.entry(SUBMITTED, EnumSet.of(ACCEPTANCE, REJECTION, SUPPLEMENT_REQUEST, WITHDRAWAL)),
            Map.entry(SUPPLEMENT_REQUESTED, EnumSet.of(RESUBMISSION, WITHDRAWAL)),
            Map.entry(RESUBMITTED, EnumSet.of(ACCEPTANCE, REJECTION, WITHDRAWAL)),
            Map.entry(ACCEPTED, EnumSet.of(REVIEW, PAUSE, EXTENSION, WITHDRAWAL)),
            Map.entry(UNDER_REVIEW, EnumSet.of(APPROVAL, DENIAL, PAUSE, EXTENSION, WITHDRAWAL)),
            Map.entry(PAUSED, EnumSet.of(RESUMPTION, EXTENSION, WITHDRAWAL)),
            Map.entry(APPROVED, EnumSet.of(CERTIFICATE_DELIVERY)),
            Map.entry(DENIED, EnumSet.of(CERTIFICATE_DELIVERY)),
            Map.entry(CERTIFICATE_DELIVERED, EnumSet.of(COMPLETION)),
            Map.entry(NOT_ACCEPTED, EnumSet.noneOf(Command.class)),
            Map.entry(COMPLETED, EnumSet.noneOf(Command.class)),
            Map.entry(WITHDRAWN, EnumSet.noneOf(Command.class)));

    @Test
    void everyStateAllowsExactlyItsCommands() {
        for (ApplicationStatus state : ApplicationStatus.values()) {
            assertThat(Set.copyOf(Lifecycle.allowed(state, SINGLE))).as(state.name()).isEqualTo(EXPECTED_SINGLE.get(state));
            for (Command command : Command.values()) {
                boolean expected = EXPECTED_SINGLE.get(state).contains(command)
                        || (command == DEEMED_ACCEPTANCE && (state == SUBMITTED || state == RESUBMITTED));
                assertThat(Lifecycle.target(state, command, SINGLE).isPresent()).as(state + " × " + command).isEqualTo(expected);
            }
        }
    }

    @Test
    void happyPath() {
        ApplicationStatus s = SUBMITTED;
        for (Command c : List.of(ACCEPTANCE, REVIEW, APPROVAL, CERTIFICATE_DELIVERY, COMPLETION)) {
            s = Lifecycle.next("a", s, c, SINGLE);
        }
        assertThat(s).isEqualTo(COMPLETED);
        assertThat(COMPLETED.isTerminal()).isTrue();
    }

    @Test
    void onlyOneSupplementRequest() {
        ApplicationStatus s = Lifecycle.next("a", SUBMITTED, SUPPLEMENT_REQUEST, SINGLE);
        s = Lifecycle.next("a", s, RESUBMISSION, SINGLE);
        assertThat(s).isEqualTo(RESUBMITTED);
        ApplicationStatus resubmitted = s;
        assertThatThrownBy(() -> Lifecycle.next("a", resubmitted, SUPPLEMENT_REQUEST, SINGLE))
                .isInstanceOfSatisfying(IllegalTransitionProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(409);
                    assertThat(p.allowed()).containsExactly("acceptance", "rejection", "withdrawal");
                    assertThat(p.properties()).containsEntry("state", "RESUBMITTED").containsEntry("command", "supplement-request");
                });
    }

    @Test
    void oneExtensionOnly() {
        Lifecycle.Facts extended = Lifecycle.Facts.of(false, true);
        assertThat(Lifecycle.target(UNDER_REVIEW, EXTENSION, SINGLE)).contains(UNDER_REVIEW);
        assertThat(Lifecycle.target(UNDER_REVIEW, EXTENSION, extended)).isEmpty();
        assertThat(Lifecycle.allowed(UNDER_REVIEW, extended)).doesNotContain(EXTENSION);
    }

    @Test
    void resumptionReturnsToThePausedState() {
        assertThat(Lifecycle.target(PAUSED, RESUMPTION, new Lifecycle.Facts(false, false, UNDER_REVIEW))).contains(UNDER_REVIEW);
        assertThat(Lifecycle.target(PAUSED, RESUMPTION, new Lifecycle.Facts(false, false, ACCEPTED))).contains(ACCEPTED);
    }

    @Test
    void parallelCasesAreDecidedByTheirDepartments() {
        assertThat(Lifecycle.allowed(UNDER_REVIEW, PARALLEL))
                .containsExactly(SUB_CASE_APPROVAL, SUB_CASE_DENIAL, WITHDRAWAL, PAUSE, EXTENSION)
                .doesNotContain(APPROVAL, DENIAL);
        assertThat(Lifecycle.target(UNDER_REVIEW, SUB_CASE_APPROVAL, SINGLE)).isEmpty();
    }

    @Test
    void withdrawalOnlyBeforeTheDecision() {
        for (ApplicationStatus state : ApplicationStatus.values()) {
            assertThat(Lifecycle.target(state, WITHDRAWAL, SINGLE).isPresent()).as(state.name()).isEqualTo(state.isBeforeDecision());
        }
    }

    @Test
    void theLawsOwnCommandsAreNeverOffered() {
        for (ApplicationStatus state : ApplicationStatus.values()) {
            assertThat(Lifecycle.allowed(state, SINGLE)).doesNotContain(DEEMED_ACCEPTANCE, SUBMISSION);
        }
    }
}
