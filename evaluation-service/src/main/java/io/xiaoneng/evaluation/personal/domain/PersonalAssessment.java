package io.xiaoneng.evaluation.personal.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/** One official's annual assessment (年度考核): the scores on 德能勤绩 (+廉), the total, and the grade once graded. */
@Entity
@Table(name = "personal_assessment")
public class PersonalAssessment extends PanacheEntityBase {

    public static final String KIND = "personal-assessment";

    @Id
    public UUID id;

    public int year;

    @Column(name = "department_code")
    public String departmentCode;

    /** Staff number in the personnel system; the person is named by it in audit records and reports. */
    @Column(name = "staff_ref")
    public String staffRef;

    public String name;

    public BigDecimal morality;     // 德
    public BigDecimal ability;      // 能
    public BigDecimal diligence;    // 勤
    public BigDecimal achievement;  // 绩
    public BigDecimal integrity;    // 廉, null when not assessed

    public BigDecimal total;

    @Enumerated(EnumType.STRING)
    @Column(name = "band_grade")
    public Grade bandGrade;

    /** Null until the department's assessments are graded (and again after a score changes). */
    @Enumerated(EnumType.STRING)
    public Grade grade;

    @Column(name = "graded_by")
    public String gradedBy;

    @Column(name = "graded_at")
    public Instant gradedAt;

    @Version
    public long version;

    public Map<GradingRules.Dimension, BigDecimal> scores() {
        Map<GradingRules.Dimension, BigDecimal> m = new EnumMap<>(GradingRules.Dimension.class);
        m.put(GradingRules.Dimension.MORALITY, morality);
        m.put(GradingRules.Dimension.ABILITY, ability);
        m.put(GradingRules.Dimension.DILIGENCE, diligence);
        m.put(GradingRules.Dimension.ACHIEVEMENT, achievement);
        if (integrity != null) {
            m.put(GradingRules.Dimension.INTEGRITY, integrity);
        }
        return m;
    }

    /** Sets the scores and the total; a changed score voids the grade until the department is graded again. */
    public void score(Map<GradingRules.Dimension, BigDecimal> scores, GradingRules rules) {
        morality = scores.get(GradingRules.Dimension.MORALITY);
        ability = scores.get(GradingRules.Dimension.ABILITY);
        diligence = scores.get(GradingRules.Dimension.DILIGENCE);
        achievement = scores.get(GradingRules.Dimension.ACHIEVEMENT);
        integrity = rules.integrityAssessed() ? scores.get(GradingRules.Dimension.INTEGRITY) : null;
        total = rules.total(scores);
        bandGrade = rules.band(total);
        grade = null;
        gradedBy = null;
        gradedAt = null;
    }

    public record State(String id, int year, String departmentCode, String staffRef, BigDecimal morality, BigDecimal ability,
                        BigDecimal diligence, BigDecimal achievement, BigDecimal integrity, BigDecimal total, String bandGrade,
                        String grade) {}

    public State state() {
        return new State(id.toString(), year, departmentCode, staffRef, morality, ability, diligence, achievement, integrity, total,
                bandGrade == null ? null : bandGrade.name(), grade == null ? null : grade.name());
    }
}
