-- What each bill's charges were computed from, as JSON, SQL Server. Keep in step with Sqlite/Migrations/0008_bill_determinants.sql.
ALTER TABLE bills ADD determinants nvarchar(max) NULL;
