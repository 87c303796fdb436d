-- Weather, shown tips and overdue notices, PostgreSQL. Keep in step with Sqlite/Migrations/0003_weather_tips_notices.sql. and SqlServer/Migrations/0003_weather_tips_notices.sql.

CREATE TABLE weather_days (
    region           varchar(64)    NOT NULL,
    day              date            NOT NULL,
    hdd              numeric(19,6)   NOT NULL,
    cdd              numeric(19,6)   NOT NULL,
    CONSTRAINT pk_weather_days PRIMARY KEY (region, day)
);

ALTER TABLE bills ADD COLUMN tips varchar(400) NULL;

CREATE TABLE notices (
    bill_id          varchar(64)    NOT NULL REFERENCES bills (bill_id),
    stage            varchar(16)     NOT NULL,
    account_id       varchar(64)    NOT NULL REFERENCES accounts (account_id),
    as_of            date            NOT NULL,
    currency         char(3)         NOT NULL,
    amount           numeric(19,4)   NOT NULL,
    created_at       timestamptz  NOT NULL,
    CONSTRAINT pk_notices PRIMARY KEY (bill_id, stage)
);
CREATE INDEX ix_notices_account ON notices (account_id);
