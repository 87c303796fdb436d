-- What each bill hands to the next cycle's, as JSON, PostgreSQL. Keep in step with Sqlite/Migrations/0006_bill_carry.sql. and SqlServer/Migrations/0006_bill_carry.sql.
ALTER TABLE bills ADD COLUMN carry text NULL;
