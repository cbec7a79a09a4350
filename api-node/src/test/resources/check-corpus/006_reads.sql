SELECT id, email FROM users WHERE id = 42;
WITH gone AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM gone;
SELECT 'DELETE FROM users; -- not a statement';
EXPLAIN ANALYZE DELETE FROM users WHERE id = 1;
