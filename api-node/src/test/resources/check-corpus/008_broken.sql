SELECT 1 /* unterminated comment
DELETE FROM users;
