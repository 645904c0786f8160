package io.xiaoneng.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

/**
 * Problem bodies as JSON text. The adapters send a ready string rather than an object so that the body is the same
 * whatever the request's {@code Accept} header says (a 406 must still be readable) and no message body writer
 * negotiation can fail while reporting a failure.
 */
final class ProblemJson {
    private ProblemJson() {}

    private static final Logger LOG = Logger.getLogger(ProblemJson.class);
    private static final ObjectMapper FALLBACK_MAPPER = new ObjectMapper();

    static String write(ObjectMapper mapper, Problem body) {
        try {
            return (mapper != null ? mapper : FALLBACK_MAPPER).writeValueAsString(body);
        } catch (JsonProcessingException e) {
            // An extension value that cannot be written: say at least what happened, in the standard members.
            LOG.errorf(e, "Problem body could not be written, correlationId=%s", body.correlationId);
            Problem minimal = new Problem();
            minimal.type = body.type;
            minimal.title = body.title;
            minimal.status = body.status;
            minimal.detail = body.detail;
            minimal.instance = body.instance;
            minimal.code = body.code;
            minimal.correlationId = body.correlationId;
            minimal.requestId = body.requestId;
            try {
                return FALLBACK_MAPPER.writeValueAsString(minimal);
            } catch (JsonProcessingException impossible) {
                return "{\"status\":" + body.status + "}";
            }
        }
    }
}
