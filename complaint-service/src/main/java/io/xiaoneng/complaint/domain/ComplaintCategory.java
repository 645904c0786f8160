package io.xiaoneng.complaint.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A complaint category (configurable); null limits fall back to the configured defaults. */
@Entity
@Table(name = "complaint_category")
public class ComplaintCategory extends PanacheEntityBase {

    @Id
    public String code;
    @Column(name = "name_zh")
    public String nameZh;
    @Column(name = "name_en")
    public String nameEn;
    public String description;
    @Column(name = "accept_days")
    public Integer acceptDays;
    @Column(name = "dispatch_days")
    public Integer dispatchDays;
    @Column(name = "handle_days")
    public Integer handleDays;
    @Column(name = "reply_days")
    public Integer replyDays;
    @Column(name = "reopen_days")
    public Integer reopenDays;
    public boolean active = true;
    public int position;
    @Version
    public long version;

    public ComplaintCategory() {}

    public StepLimits limits(StepLimits defaults) {
        return new StepLimits(
                acceptDays != null ? acceptDays : defaults.acceptDays(),
                dispatchDays != null ? dispatchDays : defaults.dispatchDays(),
                handleDays != null ? handleDays : defaults.handleDays(),
                replyDays != null ? replyDays : defaults.replyDays(),
                reopenDays != null ? reopenDays : defaults.reopenDays());
    }
}
