-- The version of the report rules (ReportRules) a report was computed under, so that its verification can tell a
-- section whose rules changed since from one whose facts changed. Reports drafted before this column existed were
-- computed under version 1, unless their personal-grades section already has the "suppressed" column of version 2.
alter table published_report add column rules_version integer;
update published_report set rules_version = case when content like '%"suppressed"%' then 2 else 1 end;
alter table published_report alter column rules_version set not null;
