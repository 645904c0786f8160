package io.xiaoneng.evaluation.personal.domain;

/** The four grades of the annual assessment of civil servants (公务员年度考核). */
public enum Grade {
    EXCELLENT,            // 优秀
    COMPETENT,            // 称职
    BASICALLY_COMPETENT,  // 基本称职
    INCOMPETENT           // 不称职
}
