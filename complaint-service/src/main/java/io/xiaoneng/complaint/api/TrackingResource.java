package io.xiaoneng.complaint.api;

import io.xiaoneng.complaint.api.ComplaintViews.PublicReply;
import io.xiaoneng.complaint.api.ComplaintViews.TrackingView;
import io.xiaoneng.complaint.app.ComplaintRules;
import io.xiaoneng.complaint.app.ComplaintService;
import io.xiaoneng.complaint.domain.Command;
import io.xiaoneng.complaint.domain.Complaint;
import io.xiaoneng.complaint.domain.ComplaintReply;
import io.xiaoneng.complaint.domain.ComplaintStatus;
import io.xiaoneng.complaint.domain.Lifecycle;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * The complainant follows his case with the secret tracking code, without signing in: status, step deadline and the
 * replies he received — no personal data, no department's internal notes. He gives feedback and may reopen within
 * the reopen window. An unknown code gives 404, the same for every wrong code.
 */
@Path("/api/v1/complaint-tracking/{code}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Complaint tracking", description = "Anonymous tracking, feedback and reopening by tracking code")
@PermitAll
@APIResponse(responseCode = "404", description = "No complaint with this tracking code")
public class TrackingResource {

    @Inject
    ComplaintService complaints;

    @Inject
    ComplaintRules rules;

    public record FeedbackBody(@NotNull Boolean satisfied, @Size(max = 2000) String note) {}

    public record ReopenBody(@Size(max = 2000) String reason) {}

    @GET
    @Operation(operationId = "trackComplaint", summary = "Where the complaint stands and the replies to this complainant")
    @APIResponse(responseCode = "200", description = "Status", content = @Content(schema = @Schema(implementation = TrackingView.class)))
    public TrackingView track(@PathParam("code") @Size(max = 64) String code) {
        return view(complaints.track(code));
    }

    @POST
    @Path("/feedback")
    @Operation(operationId = "giveComplaintFeedback", summary = "Satisfied or not with the reply received")
    @APIResponse(responseCode = "200", description = "Feedback recorded; where the complaint stands")
    @APIResponse(responseCode = "409", description = "No reply yet, or feedback already given")
    public TrackingView feedback(@PathParam("code") @Size(max = 64) String code, @Valid @NotNull FeedbackBody body) {
        return view(complaints.feedbackByComplainant(code, body.satisfied(), body.note()));
    }

    @POST
    @Path("/reopen")
    @Operation(operationId = "reopenComplaintByComplainant", summary = "Reopen within the reopen window after the reply")
    @APIResponse(responseCode = "200", description = "Reopened; where the complaint stands")
    @APIResponse(responseCode = "409", description = "Not answered, or the reopen window has passed")
    public TrackingView reopen(@PathParam("code") @Size(max = 64) String code, @Valid ReopenBody body) {
        return view(complaints.reopenByComplainant(code, body == null ? null : body.reason()));
    }

    private TrackingView view(Complaint c) {
        Complaint shown = c;
        String masterReference = null;
        if (c.status == ComplaintStatus.MERGED && c.mergedInto != null) {
            shown = Complaint.findById(c.mergedInto);
            masterReference = shown.reference;
        }
        List<ComplaintReply> replies = complaints.repliesTo(c.id);
        boolean feedbackOpen = !replies.isEmpty() && replies.get(0).feedbackAt == null
                && (c.status == ComplaintStatus.MERGED || c.status == ComplaintStatus.REPLIED);
        Lifecycle.Facts facts = c.facts(rules.now(), rules.limitsOf(c.category), rules.maxBounces());
        boolean canReopen = Lifecycle.target(c.status, Command.REOPEN, facts).isPresent();
        return new TrackingView(c.reference, c.category, shown.status, c.receivedAt, shown.stepDueOn,
                c.status == ComplaintStatus.MERGED, masterReference, replies.stream().map(PublicReply::of).toList(),
                feedbackOpen, canReopen);
    }
}
