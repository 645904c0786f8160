-- Per-item light threshold (issue 4): an item version may set its own yellow percentage (a 3-day item turns
-- yellow later than the county's 25 % would make it); the case keeps the value of the version it was filed under.
alter table catalog_item_version add column yellow_percent integer check (yellow_percent between 0 and 100);
alter table application add column light_yellow_percent integer check (light_yellow_percent between 0 and 100);
