package io.xiaoneng.approval.application.domain;

/** How the licence or written decision reached the applicant. */
public enum DeliveryMethod {
    WINDOW_PICKUP, MAIL, ELECTRONIC
}
