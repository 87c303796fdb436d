-- The templates each statement document was rendered with, PostgreSQL. Keep in step with
-- Sqlite/Migrations/0012_template_sets.sql.
CREATE TABLE template_sets (
    template_version varchar(64)   NOT NULL PRIMARY KEY,
    content          bytea NOT NULL
);
