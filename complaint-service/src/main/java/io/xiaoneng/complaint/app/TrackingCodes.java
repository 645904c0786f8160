package io.xiaoneng.complaint.app;

import io.xiaoneng.platform.identity.CaseCodes;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A complaint's public reference ({@code TS20261127000042}, also the Open311 {@code service_request_id}) and its
 * secret tracking code: 16 characters (~79 bits), the only key to anonymous tracking, feedback and reopening.
 */
@ApplicationScoped
public class TrackingCodes extends CaseCodes {

    TrackingCodes() {
        super("TS", 16);
    }
}
