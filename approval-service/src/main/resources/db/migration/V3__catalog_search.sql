-- Catalog search: GET /api/v1/catalog/items?q= matches a substring of the current name, the implementation code or
-- the basic code, case-insensitively (ILIKE '%q%'). A B-tree cannot serve a leading wildcard; trigram GIN indexes can.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without superuser rights.
--
-- Honest scale note: the county's catalog is about 1,200 items (600 retained, 574 cancelled), which PostgreSQL
-- scans in well under a millisecond; these indexes matter for the provincial catalog sizes the same code may meet.
-- Trigrams need at least three characters of the search term, and CJK characters count as "word" characters only
-- when the database's LC_CTYPE classifies them so (e.g. zh_CN.UTF-8, en_US.UTF-8, not C); otherwise a query falls
-- back to a scan, with the same result.
create extension if not exists pg_trgm;

create index catalog_item_version_name_trgm_idx on catalog_item_version using gin (name gin_trgm_ops);
create index catalog_item_code_trgm_idx on catalog_item using gin (implementation_code gin_trgm_ops, basic_code gin_trgm_ops);

-- The name B-tree of V2 serves no query (search is by substring); the trigram index replaces it.
drop index catalog_item_version_name_idx;
