-- The templates each statement document was rendered with, SQL Server. Keep in step with
-- Sqlite/Migrations/0012_template_sets.sql.
CREATE TABLE template_sets (
    template_version nvarchar(64)   NOT NULL PRIMARY KEY,
    content          varbinary(max) NOT NULL
);
