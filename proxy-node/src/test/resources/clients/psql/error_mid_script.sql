-- Run with: psql -v tbl=NAME -f error_mid_script.sql. ON_ERROR_STOP must end the script at the
-- division by zero (exit code 3): nothing after it may run.
\set ON_ERROR_STOP on
create table :"tbl" (step text not null);
insert into :"tbl" values ('before');
\echo reached-before
select 1 / 0;
insert into :"tbl" values ('after');
\echo reached-after
