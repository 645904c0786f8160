-- Issue 7 (inbound integration): complaints forwarded by the provincial and city platforms under their own
-- reference, unique per client (the platform's OAuth client id): one reference, one case, followed by that reference.
create table external_reference (
    client_id          varchar(100) not null,
    external_reference varchar(100) not null,
    complaint_id       uuid         not null references complaint (id),
    created_at         timestamptz  not null default now(),
    primary key (client_id, external_reference)
);
create unique index external_reference_complaint on external_reference (complaint_id);
