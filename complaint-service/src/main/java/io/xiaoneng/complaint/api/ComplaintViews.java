package io.xiaoneng.complaint.api;

import io.xiaoneng.complaint.app.ComplaintAccess.IdentityView;
import io.xiaoneng.complaint.app.ComplaintLinks;
import io.xiaoneng.platform.identity.PiiCipher;
import io.xiaoneng.complaint.domain.Channel;
import io.xiaoneng.complaint.domain.Command;
import io.xiaoneng.complaint.domain.Complaint;
import io.xiaoneng.complaint.domain.ComplaintReply;
import io.xiaoneng.complaint.domain.ComplaintStatus;
import io.xiaoneng.complaint.domain.Finding;
import io.xiaoneng.complaint.domain.Lifecycle;
import io.xiaoneng.platform.identity.InvalidIdentifierException;
import io.xiaoneng.platform.identity.PhoneNumber;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What the API shows of complaints; the complainant only as {@link IdentityView} allows. */
public final class ComplaintViews {
    private ComplaintViews() {}

    /** {@code null} members: not shown to this caller (or not given, or redacted). */
    public record ComplainantView(Boolean anonymous, String name, String phone, String contact, boolean redacted, boolean masked) {}

    public record ReplyView(UUID addresseeId, String text, String repliedBy, Instant repliedAt, Boolean satisfied, Instant feedbackAt) {
        static ReplyView of(ComplaintReply r) {
            return new ReplyView(r.addresseeId, r.text, r.repliedBy, r.repliedAt, r.satisfied, r.feedbackAt);
        }
    }

    public record ComplaintView(UUID id, String reference, Channel channel, String category, String description,
                                String targetDepartment, String handlingDepartment, String post, UUID applicationId,
                                String monitoringPoint, String forwardedReference, String address, String addressId,
                                Double lat, Double lon,
                                ComplaintStatus status, List<String> allowed, String referredTo, int bounceCount,
                                int reopenCount, Finding finding, String measures, Boolean satisfied, UUID mergedInto,
                                List<UUID> duplicates, Instant receivedAt, Instant acceptedAt, Instant dispatchedAt,
                                Instant handledAt, Instant repliedAt, Instant closedAt, LocalDate stepDueOn, boolean overdue,
                                ComplainantView complainant, List<ReplyView> replies, List<LinkView> links) {}

    /** A related case (linked, not merged) as the caller may see it: its own state, who linked it and why. */
    public record LinkView(UUID id, String reference, Channel channel, String category, ComplaintStatus status,
                           String handlingDepartment, String linkedBy, Instant linkedAt, String reason) {
        public static LinkView of(ComplaintLinks.Link l) {
            Complaint o = l.other();
            return new LinkView(o.id, o.reference, o.channel, o.category, o.status, o.handlingDepartment, l.linkedBy(),
                    l.linkedAt(), l.reason());
        }
    }

    public record LinksView(UUID id, List<LinkView> links) {}

    public record ComplaintSummary(UUID id, String reference, Channel channel, String category, String targetDepartment,
                                   String handlingDepartment, ComplaintStatus status, Instant receivedAt, LocalDate stepDueOn,
                                   boolean overdue) {
        static ComplaintSummary of(Complaint c, LocalDate today) {
            return new ComplaintSummary(c.id, c.reference, c.channel, c.category, c.targetDepartment, c.handlingDepartment,
                    c.status, c.receivedAt, c.stepDueOn, c.isOverdue(today));
        }
    }

    /** The registration answer: the tracking code appears here once and never again. */
    public record RegisteredView(UUID id, String reference, String trackingCode, ComplaintStatus status, LocalDate stepDueOn) {}

    /** Public tracking: where the case stands and the replies to this complainant; nothing about anyone. */
    public record TrackingView(String reference, String category, ComplaintStatus status, Instant receivedAt,
                               LocalDate stepDueOn, boolean merged, String mergedIntoReference, List<PublicReply> replies,
                               boolean canGiveFeedback, boolean canReopen) {}

    public record PublicReply(String text, Instant repliedAt, Boolean satisfied, Instant feedbackAt) {
        static PublicReply of(ComplaintReply r) {
            return new PublicReply(r.text, r.repliedAt, r.satisfied, r.feedbackAt);
        }
    }

    public static ComplaintView view(Complaint c, Lifecycle.Facts facts, IdentityView identity, PiiCipher pii,
                                     List<UUID> duplicates, List<ComplaintReply> replies, List<ComplaintLinks.Link> links,
                                     LocalDate today) {
        // Whoever may not see the complainant may not see what names him either: a monitoring point is one enterprise,
        // and a complaint about an application points at its applicant. A supervision case has no complainant: the
        // red-lit application is what the department has to deal with.
        boolean hideIdentifying = identity == IdentityView.NONE;
        String monitoringPoint = hideIdentifying ? null : c.monitoringPoint;
        UUID applicationId = hideIdentifying && c.channel != Channel.E_SUPERVISION ? null : c.applicationId;
        return new ComplaintView(c.id, c.reference, c.channel, c.category, c.description, c.targetDepartment,
                c.handlingDepartment, c.post, applicationId, monitoringPoint, c.forwardedReference, c.address, c.addressId, c.lat, c.lon,
                c.status, Lifecycle.allowed(c.status, facts).stream().map(Command::label).toList(), c.referredTo,
                c.bounceCount, c.reopenCount, c.finding, c.measures, c.satisfied, c.mergedInto, duplicates, c.receivedAt,
                c.acceptedAt, c.dispatchedAt, c.handledAt, c.repliedAt, c.closedAt, c.stepDueOn, c.isOverdue(today),
                complainant(c, identity, pii), replies.stream().map(ReplyView::of).toList(),
                links.stream().map(LinkView::of).toList());
    }

    static ComplainantView complainant(Complaint c, IdentityView identity, PiiCipher pii) {
        if (identity == IdentityView.NONE) {
            return null; // not even whether it was anonymous: the department complained about learns nothing
        }
        boolean redacted = c.personalDataRedactedAt != null;
        if (c.anonymous || redacted) {
            return new ComplainantView(c.anonymous, null, null, null, redacted, false);
        }
        String name = pii.decrypt(c.complainantName);
        String phone = pii.decrypt(c.complainantPhone);
        String contact = pii.decrypt(c.complainantContact);
        if (identity == IdentityView.FULL) {
            return new ComplainantView(false, name, phone, contact, false, false);
        }
        return new ComplainantView(false, maskName(name), maskPhone(phone), maskContact(contact), false, true);
    }

    static String maskName(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        return name.substring(0, name.offsetByCodePoints(0, 1)) + "*".repeat(Math.max(1, name.codePointCount(0, name.length()) - 1));
    }

    static String maskPhone(String phone) {
        if (phone == null) {
            return null;
        }
        try {
            return PhoneNumber.parse(phone).masked();
        } catch (InvalidIdentifierException e) {
            return "***";
        }
    }

    static String maskContact(String contact) {
        if (contact == null) {
            return null;
        }
        return contact.length() <= 6 ? "***" : contact.substring(0, 2) + "***" + contact.substring(contact.length() - 2);
    }
}
