package io.xiaoneng.approval.application.domain;

/** A natural person (identified by the resident ID number) or an enterprise (unified social credit code). */
public enum ApplicantKind {
    PERSON, ENTERPRISE
}
