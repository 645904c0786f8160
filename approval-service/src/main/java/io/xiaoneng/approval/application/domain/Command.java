package io.xiaoneng.approval.application.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * The commands that change an application. {@link #label()} is the name clients see: the last path segment of
 * the command endpoint ({@code POST /api/v1/applications/{id}/<label>}), also used in the {@code allowed} list of
 * an illegal-transition problem and in the audit trail.
 */
public enum Command {
    SUBMISSION("submission", false),
    ACCEPTANCE("acceptance", true),
    REJECTION("rejection", true),
    SUPPLEMENT_REQUEST("supplement-request", true),
    RESUBMISSION("resubmission", true),
    /** The law's, not a person's: no decision within the acceptance limit (art. 32). */
    DEEMED_ACCEPTANCE("deemed-acceptance", false),
    REVIEW("review", true),
    APPROVAL("approval", true),
    DENIAL("denial", true),
    /** {@code POST /api/v1/applications/{id}/sub-cases/{department}/approval} (parallel approval). */
    SUB_CASE_APPROVAL("sub-case-approval", true),
    SUB_CASE_DENIAL("sub-case-denial", true),
    CERTIFICATE_DELIVERY("certificate-delivery", true),
    COMPLETION("completion", true),
    WITHDRAWAL("withdrawal", true),
    PAUSE("pauses", true),
    RESUMPTION("resumption", true),
    EXTENSION("extension", true),
    /** The materials pledged at acceptance (容缺受理) arrive: {@code POST …/{id}/pledge-fulfilment}. */
    PLEDGE_FULFILMENT("pledge-fulfilment", true),
    /** The clock's, not a person's: the pledge deadline passed without the materials. */
    PLEDGE_BREACH("pledge-breach", false);

    private final String label;
    private final boolean byPerson;

    Command(String label, boolean byPerson) {
        this.label = label;
        this.byPerson = byPerson;
    }

    public String label() {
        return label;
    }

    /** False for the filing itself and for what the law or the clock does on its own. */
    public boolean isIssuedByPerson() {
        return byPerson;
    }

    public static Optional<Command> byLabel(String label) {
        return Arrays.stream(values()).filter(c -> c.label.equals(label)).findFirst();
    }
}
