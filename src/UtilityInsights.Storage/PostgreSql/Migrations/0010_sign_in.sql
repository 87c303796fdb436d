-- Sign-in a security team accepts, PostgreSQL. Keep in step with Sqlite/Migrations/0010_sign_in.sql. and SqlServer/Migrations/0010_sign_in.sql.
ALTER TABLE portal_users ADD COLUMN security_stamp varchar(64) NULL;
CREATE TABLE sign_in_attempts (
    user_key         varchar(64)    NOT NULL,
    client_key       varchar(64)    NOT NULL,
    failed_count     integer             NOT NULL,
    locked_until     timestamptz  NULL,
    updated_at       timestamptz  NOT NULL,
    CONSTRAINT pk_sign_in_attempts PRIMARY KEY (user_key, client_key)
);
