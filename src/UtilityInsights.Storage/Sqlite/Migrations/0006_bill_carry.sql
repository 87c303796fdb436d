-- What each bill hands to the next cycle's (net-metering kWh credits, net-billing dollar credit, recent
-- peaks for ratchets), as JSON, SQLite. Keep in step with SqlServer/Migrations/0006_bill_carry.sql.
ALTER TABLE bills ADD COLUMN carry TEXT NULL;
