package io.xiaoneng.platform.events;

import java.util.List;

/**
 * Events of evaluation-service: a published API, so consumers (reports, the gateway's push, other counties'
 * platforms) name the same types the producer records. One JSON Schema per type in {@code events/schemas/}; none
 * carries personal data (the rater is never named).
 */
public final class EvaluationEventTypes {
    private EvaluationEventTypes() {}

    /** A rating (好差评) of a completed application; keyed by application id on {@link Topics#RATINGS}. */
    public static final EventType RATING_SUBMITTED = EventType.of("evaluation", "rating", "submitted", 1, Topics.RATINGS);
    /** An appeal found the rating malicious: it no longer counts in any statistic. */
    public static final EventType RATING_EXCLUDED = EventType.of("evaluation", "rating", "excluded", 1, Topics.RATINGS);
    /** A bad review opened a rectification (整改) with a deadline in working days. */
    public static final EventType RECTIFICATION_OPENED = EventType.of("evaluation", "rectification", "opened", 1, Topics.RATINGS);
    /** A rectification ended: re-rated by the rater after the call-back, or cancelled by an upheld appeal. */
    public static final EventType RECTIFICATION_CLOSED = EventType.of("evaluation", "rectification", "closed", 1, Topics.RATINGS);

    public static final List<EventType> RATING_TYPES = List.of(RATING_SUBMITTED, RATING_EXCLUDED, RECTIFICATION_OPENED,
            RECTIFICATION_CLOSED);
}
