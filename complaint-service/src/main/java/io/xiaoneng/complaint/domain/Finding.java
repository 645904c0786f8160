package io.xiaoneng.complaint.domain;

/** The handling department's finding (查实情况). */
public enum Finding {
    SUBSTANTIATED, PARTLY_SUBSTANTIATED, UNSUBSTANTIATED
}
