-- The bill of record, SQLite. Keep in step with SqlServer/Migrations/0011_bill_documents.sql.
-- Each bill's statement document (its whole statement model, gzip-compressed JSON) with the format
-- and template versions, stored with the bill in the same transaction; every channel renders it.
-- A rebill is a new bill id with its own document; the old one is kept.
CREATE TABLE bill_documents (
    bill_id          TEXT    NOT NULL PRIMARY KEY REFERENCES bills (bill_id),
    format_version   INTEGER NOT NULL,
    template_version TEXT    NOT NULL,
    content          BLOB    NOT NULL
);
