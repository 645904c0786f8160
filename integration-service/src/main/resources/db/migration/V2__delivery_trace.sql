-- The request behind the event: its X-Request-Id and W3C traceparent, as the producing service's outbox relay put them
-- on the Kafka record (x-request-id, ce_traceparent). Sent on every push (X-Request-Id, traceparent) so that a receiver
-- can correlate its side with ours; a replay keeps them. Null for events no HTTP request caused (jobs, consumers).
alter table delivery
    add column request_id  varchar(128),
    add column traceparent varchar(55);
