-- The templates each statement document was rendered with, SQLite. Keep in step with
-- SqlServer/Migrations/0012_template_sets.sql. One row per template version (the hash of the whole
-- templates folder: templates, strings, glossary, tips, branding), its files as gzip-compressed
-- JSON, kept so that an issued bill renders with the templates it was sent with, whatever the
-- program ships today.
CREATE TABLE template_sets (
    template_version TEXT NOT NULL PRIMARY KEY,
    content          BLOB NOT NULL
);
