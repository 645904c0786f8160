package io.xiaoneng.complaint.domain;

import io.xiaoneng.platform.calendar.WorkingDayCalendar;
import io.xiaoneng.platform.problem.IllegalTransitionProblem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * 有果必复 — "every result gets a reply" — proven by a bounded exhaustive search over the domain: from a received
 * complaint, every sequence of commands (each with every time step: an hour or past the reopen window, and bounce
 * limits 1–3) is explored; whenever a case is CLOSED there is a reply after its last (re)opening. Commands the state
 * does not allow must be refused with 409 and change nothing. The search covers every abstract state the table can
 * reach (pruned by a state signature), so the depth bound is not what makes it pass.
 */
class LifecycleExhaustiveTest {

    static final WorkingDayCalendar CALENDAR = WorkingDayCalendar.loadBundled();
    static final StepLimits LIMITS = new StepLimits(1, 1, 10, 2, 15);
    static final Instant START = LocalDate.of(2026, 3, 2).atTime(LocalTime.of(10, 0)).atZone(WorkingDayCalendar.ZONE).toInstant();
    static final List<Duration> STEPS = List.of(Duration.ofHours(1), Duration.ofDays(16));
    static final int MAX_DEPTH = 18;

    /** One explored path: the complaint and what the path did to it. */
    static final class Run {
        final Complaint c;
        Instant now = START;
        boolean replySinceOpening;
        Run(int maxBounces) {
            this.c = Complaint.receive(UUID.randomUUID(), "TS1", "h", new Complaint.Intake(Channel.WEB, "other", "d", "dept-a",
                    null, null, null, null, null, null, null, true, null, null, null), act(START, maxBounces));
        }
    }

    static Complaint.Act act(Instant now, int maxBounces) {
        return new Complaint.Act("tester", now, CALENDAR, LIMITS, maxBounces);
    }

    static Complaint master() {
        return Complaint.receive(UUID.randomUUID(), "TS2", "h2", new Complaint.Intake(Channel.HOTLINE_12345, "other", "d", null,
                null, null, null, null, null, null, null, true, null, null, null), act(START, 2));
    }

    static void apply(Run r, Command command, Complaint.Act act) {
        Complaint c = r.c;
        switch (command) {
            case ACCEPT -> c.accept(act);
            case REFER -> c.refer("市场监管总局", act);
            case DISPATCH -> c.dispatch("dept-b", act);
            case BOUNCE -> c.bounce(act);
            case DECIDE -> c.decide("dept-c", act);
            case HANDLE -> c.handle(Finding.PARTLY_SUBSTANTIATED, "整改", act);
            case REPLY -> {
                c.reply(act);
                r.replySinceOpening = true;
            }
            case FEEDBACK -> c.feedback(false, act);
            case CLOSE -> c.close(act);
            case REOPEN -> {
                c.reopen(act);
                r.replySinceOpening = false;
            }
            case MERGE -> c.mergeInto(master(), act);
        }
    }

    record Signature(ComplaintStatus status, int bounces, boolean replied, boolean inWindow, boolean handled, boolean replySinceOpening) {}

    @Test
    void noSequenceOfAllowedCommandsClosesWithoutAReply() {
        Set<ComplaintStatus> reached = EnumSet.noneOf(ComplaintStatus.class);
        long[] closings = {0};
        for (int maxBounces = 1; maxBounces <= 3; maxBounces++) {
            Set<Signature> seen = new HashSet<>();
            explore(new ArrayList<>(), maxBounces, seen, reached, closings);
        }
        assertThat(reached).as("every state is reachable").isEqualTo(EnumSet.allOf(ComplaintStatus.class));
        assertThat(closings[0]).as("the search did reach CLOSED").isPositive();
    }

    private void explore(List<Object[]> path, int maxBounces, Set<Signature> seen, Set<ComplaintStatus> reached, long[] closings) {
        Run r = replay(path, maxBounces);
        reached.add(r.c.status);
        if (r.c.status == ComplaintStatus.CLOSED) {
            closings[0]++;
            assertThat(r.c.repliedAt).as("closed with a reply: %s", describe(path)).isNotNull();
            assertThat(r.replySinceOpening).as("a reply after the last reopening: %s", describe(path)).isTrue();
        }
        Signature sig = new Signature(r.c.status, Math.min(r.c.bounceCount, maxBounces), r.c.repliedAt != null,
                r.c.withinReopenWindow(r.now, LIMITS), r.c.handlingDepartment != null, r.replySinceOpening);
        if (!seen.add(sig) || path.size() >= MAX_DEPTH) {
            return;
        }
        for (Command command : Command.values()) {
            for (Duration step : STEPS) {
                Run probe = replay(path, maxBounces);
                Instant at = probe.now.plus(step);
                Complaint.Act act = act(at, maxBounces);
                boolean allowed = Lifecycle.target(probe.c.status, command, probe.c.facts(act)).isPresent();
                if (!allowed) {
                    ComplaintStatus before = probe.c.status;
                    long seq = probe.c.stepSeq;
                    assertThatThrownBy(() -> apply(probe, command, act)).isInstanceOf(IllegalTransitionProblem.class);
                    assertThat(probe.c.status).isEqualTo(before);
                    assertThat(probe.c.stepSeq).isEqualTo(seq);
                    continue;
                }
                path.add(new Object[] {command, step});
                explore(path, maxBounces, seen, reached, closings);
                path.remove(path.size() - 1);
            }
        }
    }

    private static Run replay(List<Object[]> path, int maxBounces) {
        Run r = new Run(maxBounces);
        for (Object[] p : path) {
            r.now = r.now.plus((Duration) p[1]);
            apply(r, (Command) p[0], act(r.now, maxBounces));
        }
        return r;
    }

    private static String describe(List<Object[]> path) {
        return path.stream().map(p -> ((Command) p[0]).label()).toList().toString();
    }

    @Test
    void closeIsOnlyReachableFromAnsweredStates() {
        for (ComplaintStatus s : ComplaintStatus.values()) {
            Lifecycle.Facts facts = new Lifecycle.Facts(0, 2, true, true);
            boolean closable = Lifecycle.target(s, Command.CLOSE, facts).isPresent();
            assertThat(closable).as(s.name()).isEqualTo(s == ComplaintStatus.REPLIED || s == ComplaintStatus.RATED);
        }
    }

    @Test
    void bounceLimitHandsTheCaseToTheSupervisor() {
        Run r = new Run(2);
        Complaint.Act a = act(START, 2);
        r.c.accept(a);
        r.c.dispatch("dept-b", a);
        r.c.bounce(a);
        assertThat(r.c.status).isEqualTo(ComplaintStatus.ACCEPTED);
        r.c.dispatch("dept-c", a);
        r.c.bounce(a);
        assertThat(r.c.status).isEqualTo(ComplaintStatus.AWAITING_DECISION);
        assertThat(r.c.bounceCount).isEqualTo(2);
        assertThat(Lifecycle.allowed(r.c.status, r.c.facts(a))).containsExactly(Command.REFER, Command.DECIDE);
    }

    @Test
    void stepDeadlinesCountWorkingDaysFromEachStep() {
        // Fri 2026-04-03, before the 清明 break (4-6 April): acceptance due the next working day, Tue 7 April.
        Instant friday = LocalDate.of(2026, 4, 3).atTime(10, 0).atZone(WorkingDayCalendar.ZONE).toInstant();
        Complaint c = Complaint.receive(UUID.randomUUID(), "TS3", "h3", new Complaint.Intake(Channel.WEB, "other", "d", null,
                null, null, null, null, null, null, null, true, null, null, null), act(friday, 2));
        assertThat(c.stepDueOn).isEqualTo(LocalDate.of(2026, 4, 7));
        c.accept(act(friday, 2));
        c.dispatch("dept-b", act(friday, 2));
        assertThat(c.stepDueOn).as("10 working days from dispatch").isEqualTo(CALENDAR.addWorkingDays(LocalDate.of(2026, 4, 3), 10));
        Instant late = CALENDAR.addWorkingDays(LocalDate.of(2026, 4, 3), 11).atTime(9, 0).atZone(WorkingDayCalendar.ZONE).toInstant();
        c.handle(Finding.SUBSTANTIATED, "m", act(late, 2));
        assertThat(c.overdueSteps).isEqualTo(1);
        assertThat(c.onTime(late)).isFalse();
    }
}
