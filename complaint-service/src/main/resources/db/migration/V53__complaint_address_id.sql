-- GeoReport v2 address_id: a GeoReport client may locate a request by the id of a place in its address register
-- instead of (or besides) an address string or coordinates. It was accepted as the location and then dropped, which
-- left such a request without any place; kept as given and returned as the request's address_id.
alter table complaint add column address_id varchar(100);
