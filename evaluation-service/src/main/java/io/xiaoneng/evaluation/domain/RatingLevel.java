package io.xiaoneng.evaluation.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One of the five levels of the good/bad review (好差评); {@link #badReview} levels open a rectification. */
@Entity
@Table(name = "rating_level")
public class RatingLevel extends PanacheEntityBase {

    @Id
    public String code;

    /** 5 = very satisfied … 1 = very dissatisfied. */
    public short rank;

    @Column(name = "name_zh")
    public String nameZh;

    @Column(name = "name_en")
    public String nameEn;

    @Column(name = "bad_review")
    public boolean badReview;
}
