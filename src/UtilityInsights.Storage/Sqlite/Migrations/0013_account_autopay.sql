-- Whether an account pays by AutoPay (the portal's balance panel says so), SQLite. Keep in step with
-- SqlServer/Migrations/0013_account_autopay.sql. Accounts imported before it are not enrolled.
ALTER TABLE accounts ADD COLUMN autopay INTEGER NOT NULL DEFAULT 0;
