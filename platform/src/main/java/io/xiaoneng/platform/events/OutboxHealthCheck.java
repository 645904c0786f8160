package io.xiaoneng.platform.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/** Readiness degrades when events wait too long to be published: the rest of the county stops hearing us. */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    @Inject
    OutboxRelay relay;

    @ConfigProperty(name = "xiaoneng.outbox.max-unsent-age", defaultValue = "PT2M")
    Duration maxUnsentAge;

    @Override
    public HealthCheckResponse call() {
        Duration age = relay.oldestUnsentAge();
        return HealthCheckResponse.named("Outbox relay")
                .status(age.compareTo(maxUnsentAge) <= 0)
                .withData("backlog", relay.backlog())
                .withData("oldestUnsentSeconds", age.toSeconds())
                .withData("maxUnsentSeconds", maxUnsentAge.toSeconds())
                .build();
    }
}
