-- the first migration: tables and an index on a table created in the same file
CREATE TABLE users (
  id bigint PRIMARY KEY,
  email text NOT NULL
);
CREATE INDEX users_email_idx ON users (email);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
