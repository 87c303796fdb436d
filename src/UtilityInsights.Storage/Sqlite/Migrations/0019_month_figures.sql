-- Per meter and calendar month, the figures of its stored days summed: days, days with reads, slots with reads, estimated slots, what
-- the grid delivered and the net (both scaled by 10^6, as the days' are), and days stored before 0007 (no figures).
-- Kept by ReadStore.CommitBatchAsync in the transaction that writes the days, so a statement's 13-month usage history
-- reads a row a month instead of summing some 300 day rows. SQLite; keep in step with PostgreSql/ and
-- SqlServer/Migrations/0019_month_figures.sql. The days already stored are summed here once.
CREATE TABLE interval_read_months (
    meter_id             TEXT    NOT NULL,
    month_start          TEXT    NOT NULL,  -- the first day of the month
    days                 INTEGER NOT NULL,
    read_days            INTEGER NOT NULL,
    present_count        INTEGER NOT NULL,
    estimated_count      INTEGER NOT NULL,
    delivered            INTEGER NOT NULL,
    total                INTEGER NOT NULL,
    days_without_figures INTEGER NOT NULL,
    PRIMARY KEY (meter_id, month_start)
) WITHOUT ROWID;

INSERT INTO interval_read_months (meter_id, month_start, days, read_days, present_count, estimated_count, delivered, total, days_without_figures)
SELECT meter_id, substr(local_date, 1, 7) || '-01', COUNT(*), SUM(CASE WHEN present_count > 0 THEN 1 ELSE 0 END), SUM(present_count),
       COALESCE(SUM(estimated_count), 0), COALESCE(SUM(delivered), 0), SUM(total), SUM(CASE WHEN delivered IS NULL OR estimated_count IS NULL THEN 1 ELSE 0 END)
FROM interval_read_days
GROUP BY meter_id, substr(local_date, 1, 7);
