-- Sign-in for the customer portal, SQL Server. Keep in step with Sqlite/Migrations/0005_portal_users.sql.
CREATE TABLE portal_users (
    user_id          nvarchar(64)    NOT NULL PRIMARY KEY,
    role             varchar(16)     NOT NULL,
    account_id       nvarchar(64)    NULL REFERENCES accounts (account_id),
    password_hash    nvarchar(400)   NOT NULL,
    failed_count     int             NOT NULL,
    locked_until     datetimeoffset  NULL,
    created_at       datetimeoffset  NOT NULL
);
