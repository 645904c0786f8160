package io.xiaoneng.approval.appointment.app;

import io.xiaoneng.platform.problem.ConflictProblem;

/** 409 {@code slot-full}: every place of the slot is taken. A code of its own so that clients can offer other slots. */
public class SlotFullProblem extends ConflictProblem {

    public static final String CODE = "slot-full";

    public SlotFullProblem(long slotId, int capacity) {
        super(CODE, "appointment.slot-full", slotId, capacity);
        withProperty("slotId", slotId);
    }
}
