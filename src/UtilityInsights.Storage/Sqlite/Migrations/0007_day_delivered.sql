-- Per meter-day: what the grid delivered (the positive slots, scaled by 10^6) and how many slots are
-- estimated, so a 13-month usage history needs no decoding of the packed values. NULL for days
-- stored before this migration (they are decoded instead). SQLite; keep in step with SqlServer/Migrations/0007_day_delivered.sql.
ALTER TABLE interval_read_days ADD COLUMN delivered INTEGER NULL;
ALTER TABLE interval_read_days ADD COLUMN estimated_count INTEGER NULL;
