package io.xiaoneng.complaint.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A reply as one complainant receives it: the master case's complainant and each merged duplicate's get one. */
@Entity
@Table(name = "complaint_reply")
public class ComplaintReply extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "complaint_id")
    public UUID complaintId;
    @Column(name = "addressee_id")
    public UUID addresseeId;
    public String text;
    @Column(name = "replied_by")
    public String repliedBy;
    @Column(name = "replied_at")
    public Instant repliedAt;
    public Boolean satisfied;
    @Column(name = "feedback_note")
    public String feedbackNote;
    @Column(name = "feedback_at")
    public Instant feedbackAt;

    protected ComplaintReply() {}

    public ComplaintReply(UUID complaintId, UUID addresseeId, String text, String repliedBy, Instant repliedAt) {
        this.complaintId = complaintId;
        this.addresseeId = addresseeId;
        this.text = text;
        this.repliedBy = repliedBy;
        this.repliedAt = repliedAt;
    }
}
