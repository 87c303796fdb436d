-- Sign-in for the customer portal, SQLite. Keep in step with SqlServer/Migrations/0005_portal_users.sql.
-- A customer signs in with their account id; an operator with a name. Passwords are stored only as
-- ASP.NET Core PasswordHasher hashes; repeated failures lock the user out for a while.
CREATE TABLE portal_users (
    user_id          TEXT    NOT NULL PRIMARY KEY,
    role             TEXT    NOT NULL,
    account_id       TEXT    NULL REFERENCES accounts (account_id),
    password_hash    TEXT    NOT NULL,
    failed_count     INTEGER NOT NULL,
    locked_until     TEXT    NULL,
    created_at       TEXT    NOT NULL
);
