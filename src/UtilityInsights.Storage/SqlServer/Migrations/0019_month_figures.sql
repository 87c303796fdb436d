-- Per meter and calendar month, the figures of its stored days summed, SQL Server. Keep in step with
-- Sqlite/Migrations/0019_month_figures.sql (what each column means) and PostgreSql/Migrations/0019_month_figures.sql.
CREATE TABLE interval_read_months (
    meter_id             nvarchar(64)  NOT NULL,
    month_start          date          NOT NULL,
    days                 int           NOT NULL,
    read_days            int           NOT NULL,
    present_count        int           NOT NULL,
    estimated_count      int           NOT NULL,
    delivered            decimal(19,6) NOT NULL,
    total                decimal(19,6) NOT NULL,
    days_without_figures int           NOT NULL,
    CONSTRAINT pk_interval_read_months PRIMARY KEY (meter_id, month_start)
);

INSERT INTO interval_read_months (meter_id, month_start, days, read_days, present_count, estimated_count, delivered, total, days_without_figures)
SELECT meter_id, DATEFROMPARTS(YEAR(local_date), MONTH(local_date), 1), COUNT(*), SUM(CASE WHEN present_count > 0 THEN 1 ELSE 0 END), SUM(present_count), COALESCE(SUM(estimated_count), 0),
       COALESCE(SUM(delivered), 0), SUM(total), SUM(CASE WHEN delivered IS NULL OR estimated_count IS NULL THEN 1 ELSE 0 END)
FROM interval_read_days
GROUP BY meter_id, DATEFROMPARTS(YEAR(local_date), MONTH(local_date), 1);
