package io.xiaoneng.platform.events;

/** CloudEvents 1.0 Kafka protocol binding, binary mode: attributes travel as {@code ce_} headers. */
public final class CloudEventHeaders {
    private CloudEventHeaders() {}

    public static final String SPEC_VERSION = "1.0";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String SPECVERSION = "ce_specversion";
    public static final String DATASCHEMA = "ce_dataschema";
    /** Binary mode carries datacontenttype as the record's content-type header. */
    public static final String CONTENT_TYPE = "content-type";
    public static final String JSON = "application/json";
}
