-- Sign-in a security team accepts, SQLite. Keep in step with SqlServer/Migrations/0010_sign_in.sql.
-- Each portal user has a security stamp, carried in their session and checked on every request:
-- signing out or changing the password gives a new stamp and so ends every session of that user.
-- Failed sign-ins are counted per user and client address (an attacker elsewhere cannot lock a
-- customer out), the count and the lockout decided in one statement before the password is checked.
ALTER TABLE portal_users ADD COLUMN security_stamp TEXT NULL;
CREATE TABLE sign_in_attempts (
    user_key         TEXT    NOT NULL,
    client_key       TEXT    NOT NULL,
    failed_count     INTEGER NOT NULL,
    locked_until     TEXT    NULL,
    updated_at       TEXT    NOT NULL,
    PRIMARY KEY (user_key, client_key)
);
