-- A bill's credit for the energy the premise sent to the grid (net billing), PostgreSQL; null when
-- it exported nothing. Statements of homes with solar show it for each of 13 months. Keep in step
-- with Sqlite/Migrations/0014_bill_export_credit.sql. Bills stored before it have none.
ALTER TABLE bills ADD COLUMN export_credit numeric(19,4) NULL;
