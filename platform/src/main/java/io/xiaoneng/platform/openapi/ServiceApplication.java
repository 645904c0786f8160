package io.xiaoneng.platform.openapi;

import io.xiaoneng.platform.problem.Problem;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JAX-RS application of every service, there for its OpenAPI definition: the {@code Problem} schema in the
 * components of each service's document, which {@link ProblemResponses} and {@link ConditionalRequestResponses}
 * refer to (SmallRye reads {@code @OpenAPIDefinition} from the {@code Application} class only). It declares no
 * classes, so every resource of the service is deployed, at the root path. The title and version are placeholders
 * that each service's {@code quarkus.smallrye-openapi.info-*} settings replace.
 */
@OpenAPIDefinition(info = @Info(title = "Xiaoneng", version = "1"),
        components = @Components(schemas = @Schema(name = ProblemResponses.SCHEMA, implementation = Problem.class)))
public class ServiceApplication extends Application {
}
