package io.xiaoneng.evaluation.events;

import io.xiaoneng.platform.events.DeadLetterEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The dead letters of this service's event channels ({@code xiaoneng.evaluation.dlq}): listed, and redriven one by one
 * once their cause is fixed (the shared logic: {@link DeadLetterEndpoint}). Routed by the gateway under its prefix.
 */
@Path("/api/v1/admin/evaluation/dead-letters")
@Tag(name = "Administration", description = "Operations tasks of the service")
@ApplicationScoped
public class DeadLetterResource extends DeadLetterEndpoint {
}
