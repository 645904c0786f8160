package io.xiaoneng.approval.application.domain;

/** How an application reached the service center. */
public enum Channel {
    /** Filed at a window of the service center by the window clerk. */
    WINDOW,
    /** Filed by the applicant online. */
    ONLINE,
    /** Forwarded by the provincial government service platform. */
    PROVINCIAL_PLATFORM,
    /** Forwarded by the city platform. */
    CITY_PLATFORM,
    /** Filed by an agent of the center's agency service (代办员) for the applicant (全程代办). */
    AGENT
}
