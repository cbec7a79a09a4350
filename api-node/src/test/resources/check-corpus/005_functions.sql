CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now(); -- not a statement of the file
  RETURN NEW;
END
$$;
DO $body$ BEGIN EXECUTE 'DROP TABLE users'; END $body$;
SELECT pg_read_file('/etc/passwd');
COPY users TO '/tmp/users.csv';
