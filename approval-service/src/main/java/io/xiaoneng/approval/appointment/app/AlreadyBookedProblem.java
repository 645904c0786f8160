package io.xiaoneng.approval.appointment.app;

import io.xiaoneng.platform.problem.ConflictProblem;

import java.util.UUID;

/** 409 {@code already-booked}: the applicant holds an active booking of this slot; its id is in {@code appointmentId}. */
public class AlreadyBookedProblem extends ConflictProblem {

    public static final String CODE = "already-booked";

    public AlreadyBookedProblem(String applicant, long slotId, UUID existing) {
        super(CODE, "appointment.already-booked", applicant, slotId);
        withProperty("slotId", slotId);
        withProperty("appointmentId", existing.toString());
    }
}
