SELECT 1;
DELETE FROM users;
  SELECT $x$ ; $x$ ;
