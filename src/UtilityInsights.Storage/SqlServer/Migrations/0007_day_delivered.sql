-- Per meter-day delivered energy and estimated slot count, SQL Server. Keep in step with Sqlite/Migrations/0007_day_delivered.sql.
ALTER TABLE interval_read_days ADD delivered decimal(19,6) NULL;
ALTER TABLE interval_read_days ADD estimated_count int NULL;
