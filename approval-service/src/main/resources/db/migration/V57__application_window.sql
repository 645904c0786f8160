-- Issue 4, statistics "per department and window": the service-center window that received a filing (window and
-- agency filings by the center's staff; none for online and platform filings).
alter table application add column window_code varchar(40) references service_window (code);
create index application_window_idx on application (window_code) where window_code is not null;
