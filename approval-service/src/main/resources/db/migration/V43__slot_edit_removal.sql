-- Appointment slots: edit and removal (issue 4). A slot is never erased: bookings (cancelled, attended, no-show)
-- keep referring to it. A removed slot takes no bookings and is not listed; another slot may take its time.
alter table appointment_slot
    add column removed_at     timestamptz,
    add column removed_by     varchar(100),
    add column removal_reason varchar(500),
    drop constraint appointment_slot_window_code_slot_date_starts_at_key,
    add constraint appointment_slot_removed_check check ((removed_at is null) = (removed_by is null)),
    -- a removed slot holds no active booking: they were cancelled with it
    add constraint appointment_slot_removed_empty_check check (removed_at is null or booked = 0);
create unique index appointment_slot_start_unique on appointment_slot (window_code, slot_date, starts_at) where removed_at is null;

-- Why the service center cancelled a booking (told to the applicant); null when the applicant cancelled himself.
alter table appointment add column cancellation_reason varchar(500);
