package io.xiaoneng.approval.application.app;

import io.xiaoneng.platform.identity.CaseCodes;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;

/**
 * An application's tracking number ({@code XN20260210000042}) and its 12-character verification code (~59 bits),
 * with which an applicant follows his case without logging in.
 */
@ApplicationScoped
public class TrackingCodes extends CaseCodes {

    TrackingCodes() {
        super("XN", 12);
    }

    public String trackingNumber(LocalDate receivedOn, long sequence) {
        return reference(receivedOn, sequence);
    }
}
