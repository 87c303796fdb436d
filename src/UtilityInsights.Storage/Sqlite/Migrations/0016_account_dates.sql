-- When an account's service starts (move-in) and ends (move-out), SQLite: the first bill runs from
-- the start, the final bill to the end. Keep in step with SqlServer/Migrations/0016_account_dates.sql.
ALTER TABLE accounts ADD COLUMN start_date TEXT NULL;
ALTER TABLE accounts ADD COLUMN end_date TEXT NULL;
