-- When an account's service starts (move-in) and ends (move-out), PostgreSQL: the first bill runs
-- from the start, the final bill to the end. Keep in step with Sqlite/Migrations/0016_account_dates.sql. and SqlServer/Migrations/0016_account_dates.sql.
ALTER TABLE accounts ADD COLUMN start_date date NULL;
ALTER TABLE accounts ADD COLUMN end_date date NULL;
