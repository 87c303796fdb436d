-- What each bill's charges were computed from, as JSON, PostgreSQL. Keep in step with Sqlite/Migrations/0008_bill_determinants.sql. and SqlServer/Migrations/0008_bill_determinants.sql.
ALTER TABLE bills ADD COLUMN determinants text NULL;
