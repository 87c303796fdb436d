-- The neighbour-comparison state each bill's statement showed, SQL Server. Keep in step with Sqlite/Migrations/0004_bill_comparison.sql.
ALTER TABLE bills ADD comparison_state varchar(32) NULL;
