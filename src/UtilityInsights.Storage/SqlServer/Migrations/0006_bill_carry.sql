-- What each bill hands to the next cycle's, as JSON, SQL Server. Keep in step with Sqlite/Migrations/0006_bill_carry.sql.
ALTER TABLE bills ADD carry nvarchar(max) NULL;
