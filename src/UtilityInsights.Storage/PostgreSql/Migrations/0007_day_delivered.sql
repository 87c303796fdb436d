-- Per meter-day delivered energy and estimated slot count, PostgreSQL. Keep in step with Sqlite/Migrations/0007_day_delivered.sql. and SqlServer/Migrations/0007_day_delivered.sql.
ALTER TABLE interval_read_days ADD COLUMN delivered numeric(19,6) NULL;
ALTER TABLE interval_read_days ADD COLUMN estimated_count integer NULL;
