-- DDL on existing tables: the first without a lock_timeout is flagged (VETRO-107), once per file
ALTER TABLE users ADD COLUMN nickname text;
CREATE INDEX orders_user_idx ON orders (user_id);
SET lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN note text;
