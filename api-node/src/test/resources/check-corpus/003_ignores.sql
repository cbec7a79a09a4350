-- vetro:ignore VETRO-015 column unused since v42, confirmed with the data team
ALTER TABLE users DROP COLUMN nickname;
-- vetro:ignore VETRO-001
DELETE FROM orders;
INSERT INTO audit VALUES ('
-- vetro:ignore VETRO-010 this is text, not a directive
'); DROP TABLE audit;
