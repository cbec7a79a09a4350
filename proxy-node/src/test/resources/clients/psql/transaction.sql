-- Run with: psql -v tbl=NAME -f transaction.sql. Savepoint rollback, commit and rollback in one
-- session; the last line prints what survived.
\set ON_ERROR_STOP on
create table :"tbl" (id int primary key, v text not null);
begin;
insert into :"tbl" values (1, 'kept');
savepoint s1;
insert into :"tbl" values (2, 'undone by savepoint');
rollback to savepoint s1;
insert into :"tbl" values (3, 'kept too');
commit;
begin;
insert into :"tbl" values (4, 'rolled back');
rollback;
select string_agg(id::text || ':' || v, ',' order by id) from :"tbl";
