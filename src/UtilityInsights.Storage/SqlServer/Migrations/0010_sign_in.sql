-- Sign-in a security team accepts, SQL Server. Keep in step with Sqlite/Migrations/0010_sign_in.sql.
ALTER TABLE portal_users ADD security_stamp nvarchar(64) NULL;
CREATE TABLE sign_in_attempts (
    user_key         nvarchar(64)    NOT NULL,
    client_key       nvarchar(64)    NOT NULL,
    failed_count     int             NOT NULL,
    locked_until     datetimeoffset  NULL,
    updated_at       datetimeoffset  NOT NULL,
    CONSTRAINT pk_sign_in_attempts PRIMARY KEY (user_key, client_key)
);
