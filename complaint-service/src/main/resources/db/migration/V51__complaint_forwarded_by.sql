-- Which platform client forwarded a PROVINCE/CITY complaint (its OAuth client id, azp — the id external references
-- are kept under): a platform reads only the complaints it forwarded itself, not those of the other platform.
alter table complaint add column forwarded_by varchar(100);

-- Complaints forwarded through /api/v1/complaints/external: their reference row names the client.
update complaint c set forwarded_by = r.client_id
from external_reference r
where r.complaint_id = c.id and c.forwarded_by is null;

-- Complaints forwarded through POST /api/v1/complaints: the receipt's audit actor is the token's user name, for a
-- Keycloak client-credentials token "service-account-<client id>" (the client id itself when the token has no azp).
update complaint c set forwarded_by = regexp_replace(a.actor, '^service-account-', '')
from audit_record a
where c.channel in ('PROVINCE', 'CITY') and c.forwarded_by is null
  and a.aggregate_type = 'complaint' and a.aggregate_id = cast(c.id as varchar) and a.action = 'receive';
