-- What each bill's charges were computed from (days, total kWh, peak kW, kWh per energy period and
-- tier, peak kW per demand period; periods in the order of the tariff version stored with the bill),
-- as JSON, SQLite. Keep in step with SqlServer/Migrations/0008_bill_determinants.sql.
ALTER TABLE bills ADD COLUMN determinants TEXT NULL;
