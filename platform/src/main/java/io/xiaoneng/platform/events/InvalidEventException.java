package io.xiaoneng.platform.events;

/** A record that can never be processed as it is (not a CloudEvent, data against its schema): straight to the DLQ. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }
}
