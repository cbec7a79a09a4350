UPDATE users SET email = lower(email);
DELETE FROM users WHERE 1 = 1;
TRUNCATE orders;
DROP TABLE IF EXISTS legacy CASCADE;
GRANT ALL ON users TO PUBLIC;
