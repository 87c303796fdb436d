-- The neighbour-comparison state each bill's statement showed (Great, Good, UsingMoreThanAverage, or none), SQLite.
-- Keep in step with SqlServer/Migrations/0004_bill_comparison.sql.
ALTER TABLE bills ADD COLUMN comparison_state TEXT NULL;
