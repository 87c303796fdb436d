-- Whether an account pays by AutoPay (the portal's balance panel says so), SQL Server. Keep in step
-- with Sqlite/Migrations/0013_account_autopay.sql. Accounts imported before it are not enrolled.
ALTER TABLE accounts ADD autopay bit NOT NULL CONSTRAINT df_accounts_autopay DEFAULT 0;
