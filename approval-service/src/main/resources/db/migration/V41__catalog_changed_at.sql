-- Issue 7 (catalog synchronization): when an item last changed for an outside copy of the catalog — a new version
-- published or the item cancelled. Kept by a trigger so that every path that changes an item (API, import, demo
-- data) stamps it without knowing about synchronization. clock_timestamp(): the moment of the change itself.
alter table catalog_item add column changed_at timestamptz;
update catalog_item i set changed_at = coalesce(
        (select v.published_at from catalog_item_version v
          where v.implementation_code = i.implementation_code and v.version = i.current_version), now());
alter table catalog_item alter column changed_at set not null;
alter table catalog_item alter column changed_at set default clock_timestamp();

create function catalog_item_stamp_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT'
       or new.current_version is distinct from old.current_version
       or new.status is distinct from old.status
       or new.cancel_document is distinct from old.cancel_document
       or new.cancelled_on is distinct from old.cancelled_on then
        new.changed_at := clock_timestamp();
    end if;
    return new;
end $$;

create trigger catalog_item_changed before insert or update on catalog_item
    for each row execute function catalog_item_stamp_change();

create index catalog_item_changed_idx on catalog_item (changed_at, implementation_code);
