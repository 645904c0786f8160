package io.xiaoneng.complaint.integration;

import io.xiaoneng.platform.integration.ExternalReferences;
import jakarta.enterprise.context.ApplicationScoped;

/** The platforms' own references of the complaints they forwarded: (client, reference) → complaint, unique. */
@ApplicationScoped
public class ComplaintReferences extends ExternalReferences {

    public ComplaintReferences() {
        super("complaint_id", "/api/v1/complaints/");
    }
}
