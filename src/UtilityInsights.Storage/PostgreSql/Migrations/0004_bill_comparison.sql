-- The neighbour-comparison state each bill's statement showed, PostgreSQL. Keep in step with Sqlite/Migrations/0004_bill_comparison.sql. and SqlServer/Migrations/0004_bill_comparison.sql.
ALTER TABLE bills ADD COLUMN comparison_state varchar(32) NULL;
