-- Weather, shown tips and overdue notices, SQLite. Keep in step with SqlServer/Migrations/0003_weather_tips_notices.sql.

-- Daily heating and cooling degree days per weather region (the weather CSV; degree days scaled by 10^6).
CREATE TABLE weather_days (
    region           TEXT    NOT NULL,
    day              TEXT    NOT NULL,
    hdd              INTEGER NOT NULL,
    cdd              INTEGER NOT NULL,
    PRIMARY KEY (region, day)
) WITHOUT ROWID;

-- The tips a bill's statement showed (catalog ids, comma-separated): next month's statement shows others.
ALTER TABLE bills ADD COLUMN tips TEXT NULL;

-- Reminders for overdue balances: one per bill and stage, ever (notices run never sends one twice).
CREATE TABLE notices (
    bill_id          TEXT    NOT NULL REFERENCES bills (bill_id),
    stage            TEXT    NOT NULL,
    account_id       TEXT    NOT NULL REFERENCES accounts (account_id),
    as_of            TEXT    NOT NULL,
    currency         TEXT    NOT NULL,
    amount           INTEGER NOT NULL,
    created_at       TEXT    NOT NULL,
    PRIMARY KEY (bill_id, stage)
) WITHOUT ROWID;
CREATE INDEX ix_notices_account ON notices (account_id);
