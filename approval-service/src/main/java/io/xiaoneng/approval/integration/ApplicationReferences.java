package io.xiaoneng.approval.integration;

import io.xiaoneng.platform.integration.ExternalReferences;
import jakarta.enterprise.context.ApplicationScoped;

/** The platforms' own references of the applications they filed: (client, reference) → application, unique. */
@ApplicationScoped
public class ApplicationReferences extends ExternalReferences {

    public ApplicationReferences() {
        super("application_id", "/api/v1/applications/");
    }
}
