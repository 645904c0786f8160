package io.xiaoneng.platform.security;

/** Realm roles of the Keycloak realm {@code xiaoneng} (keycloak/xiaoneng-realm.json). */
public final class Roles {
    private Roles() {}

    public static final String APPLICANT = "applicant";
    /** Window staff of the service center (窗口工作人员). */
    public static final String CLERK = "clerk";
    public static final String APPROVER = "approver";
    public static final String DEPT_HEAD = "dept-head";
    /** Efficiency office (效能办): county-wide read and supervision. */
    public static final String SUPERVISOR = "supervisor";
    /** Evaluation committee (评议委员会). */
    public static final String EVALUATOR = "evaluator";
    public static final String ADMIN = "admin";
    /** Machine clients of the provincial and city platforms. */
    public static final String INTEGRATION = "integration";
}
