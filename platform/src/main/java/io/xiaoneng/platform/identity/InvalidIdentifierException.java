package io.xiaoneng.platform.identity;

import io.xiaoneng.platform.problem.BadRequestProblem;
import io.xiaoneng.platform.problem.ProblemException;

import java.util.Locale;

/**
 * An identifier that failed validation, with a machine-readable {@link Reason}.
 *
 * <p>The message never contains the rejected input: it may be a real person's ID number or phone number, and
 * exception messages end up in logs and error responses.
 */
public final class InvalidIdentifierException extends IllegalArgumentException {

    /** What was wrong, as a stable code an API can return and a client can translate. */
    public enum Reason {
        /** Null, empty or only whitespace. */
        EMPTY,
        /** Not the number of characters the standard prescribes. */
        WRONG_LENGTH,
        /** A character the standard does not allow at that position. */
        INVALID_CHARACTER,
        /** The check character does not match the others (typo or made-up number). */
        INVALID_CHECKSUM,
        /** The birth date part is not a calendar date. */
        INVALID_BIRTH_DATE,
        /** The birth date part lies after today (Beijing time). */
        BIRTH_DATE_IN_FUTURE,
        /** Well-formed characters that do not make a number of this kind (e.g. a phone number pattern). */
        INVALID_FORMAT
    }

    private final String identifierType;
    private final Reason reason;

    public InvalidIdentifierException(String identifierType, Reason reason, String detail) {
        super("Invalid " + identifierType + ": " + reason + (detail == null ? "" : " (" + detail + ")"));
        this.identifierType = identifierType;
        this.reason = reason;
    }

    /** Which kind of identifier was being parsed, e.g. {@code "resident ID number"}. */
    public String identifierType() {
        return identifierType;
    }

    public Reason reason() {
        return reason;
    }

    /**
     * The 400 {@code validation-failed} problem for the request field that held this identifier: the field named and
     * what is wrong with it (message {@code field.identifier.<reason>}: empty, length, a character, the check
     * character, the birth date), so a clerk at the window knows what to look at. Never the value.
     */
    public ProblemException fieldProblem(String field) {
        return BadRequestProblem.validationFailed()
                .withFieldError(field, "identifier." + reason.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}
