-- Per meter and calendar month, the figures of its stored days summed, PostgreSQL. Keep in step with
-- Sqlite/Migrations/0019_month_figures.sql (what each column means) and SqlServer/Migrations/0019_month_figures.sql.
CREATE TABLE interval_read_months (
    meter_id             varchar(64)   NOT NULL,
    month_start          date          NOT NULL,
    days                 integer       NOT NULL,
    read_days            integer       NOT NULL,
    present_count        integer       NOT NULL,
    estimated_count      integer       NOT NULL,
    delivered            numeric(19,6) NOT NULL,
    total                numeric(19,6) NOT NULL,
    days_without_figures integer       NOT NULL,
    CONSTRAINT pk_interval_read_months PRIMARY KEY (meter_id, month_start)
);

INSERT INTO interval_read_months (meter_id, month_start, days, read_days, present_count, estimated_count, delivered, total, days_without_figures)
SELECT meter_id, CAST(date_trunc('month', local_date) AS date), COUNT(*), SUM(CASE WHEN present_count > 0 THEN 1 ELSE 0 END), SUM(present_count), COALESCE(SUM(estimated_count), 0),
       COALESCE(SUM(delivered), 0), SUM(total), SUM(CASE WHEN delivered IS NULL OR estimated_count IS NULL THEN 1 ELSE 0 END)
FROM interval_read_days
GROUP BY meter_id, CAST(date_trunc('month', local_date) AS date);
