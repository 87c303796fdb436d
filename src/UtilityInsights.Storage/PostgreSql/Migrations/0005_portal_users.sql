-- Sign-in for the customer portal, PostgreSQL. Keep in step with Sqlite/Migrations/0005_portal_users.sql. and SqlServer/Migrations/0005_portal_users.sql.
CREATE TABLE portal_users (
    user_id          varchar(64)    NOT NULL PRIMARY KEY,
    role             varchar(16)     NOT NULL,
    account_id       varchar(64)    NULL REFERENCES accounts (account_id),
    password_hash    varchar(400)   NOT NULL,
    failed_count     integer             NOT NULL,
    locked_until     timestamptz  NULL,
    created_at       timestamptz  NOT NULL
);
