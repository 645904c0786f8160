-- Appointments (预约) at service-center windows: bookable time slots and the bookings made in them.
create table appointment_slot (
    id          bigint generated always as identity primary key,
    window_code varchar(40) not null references service_window (code),
    slot_date   date        not null,                      -- local date in Asia/Shanghai
    starts_at   time        not null,
    ends_at     time        not null,
    kind        varchar(16) not null check (kind in ('REGULAR', 'EXTENDED_HOURS', 'HOLIDAY')),
    capacity    integer     not null check (capacity > 0),
    -- Places taken by bookings in state BOOKED/ATTENDED/NO_SHOW. Only ever changed by a conditional
    -- "set booked = booked + 1 where booked < capacity"; the check is the database's last word against overbooking.
    booked      integer     not null default 0,
    created_at  timestamptz not null default now(),
    version     bigint      not null default 0,
    unique (window_code, slot_date, starts_at),
    check (ends_at > starts_at),
    check (booked >= 0 and booked <= capacity)
);
create index appointment_slot_date_idx on appointment_slot (slot_date, window_code);

create table appointment (
    id          uuid         primary key,
    slot_id     bigint       not null references appointment_slot (id),
    window_code varchar(40)  not null references service_window (code),
    applicant   varchar(100) not null,                      -- username of the person expected at the window
    booked_by   varchar(100) not null,                      -- the applicant, or the clerk who booked on his behalf
    item_code   varchar(60)  not null,                      -- catalog implementation code (实施编码), free text
    status      varchar(12)  not null check (status in ('BOOKED', 'CANCELLED', 'ATTENDED', 'NO_SHOW')),
    created_at  timestamptz  not null default now(),
    closed_at   timestamptz,                                -- when cancelled or marked
    closed_by   varchar(100),
    version     bigint       not null default 0,
    check ((status = 'BOOKED') = (closed_at is null))
);
-- One active booking per applicant and slot; also catches two concurrent bookings of one applicant.
create unique index appointment_one_active_per_slot on appointment (slot_id, applicant) where status = 'BOOKED';
create index appointment_applicant_idx on appointment (applicant, created_at);
create index appointment_window_idx on appointment (window_code, slot_id);
