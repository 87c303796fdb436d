-- Whether an account pays by AutoPay (the portal's balance panel says so), PostgreSQL. Keep in step
-- with Sqlite/Migrations/0013_account_autopay.sql. Accounts imported before it are not enrolled.
ALTER TABLE accounts ADD COLUMN autopay boolean NOT NULL DEFAULT false;
