-- Issue 7 (inbound integration): the provincial and city platforms file applications under their own reference.
-- A reference is unique per client (the platform's OAuth client id), so a platform can follow its case by the number
-- it knows, and a second filing under the same reference is refused instead of creating a twin.
create table external_reference (
    client_id          varchar(100) not null,
    external_reference varchar(100) not null,
    application_id     uuid         not null references application (id),
    created_at         timestamptz  not null default now(),
    primary key (client_id, external_reference)
);
create unique index external_reference_application on external_reference (application_id);
