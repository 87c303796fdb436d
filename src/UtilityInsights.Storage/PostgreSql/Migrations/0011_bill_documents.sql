-- The bill of record, PostgreSQL. Keep in step with Sqlite/Migrations/0011_bill_documents.sql. and SqlServer/Migrations/0011_bill_documents.sql.
CREATE TABLE bill_documents (
    bill_id          varchar(64)    NOT NULL PRIMARY KEY REFERENCES bills (bill_id),
    format_version   integer             NOT NULL,
    template_version varchar(64)    NOT NULL,
    content          bytea  NOT NULL
);
