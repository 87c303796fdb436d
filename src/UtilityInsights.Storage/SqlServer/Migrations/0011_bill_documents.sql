-- The bill of record, SQL Server. Keep in step with Sqlite/Migrations/0011_bill_documents.sql.
CREATE TABLE bill_documents (
    bill_id          nvarchar(64)    NOT NULL PRIMARY KEY REFERENCES bills (bill_id),
    format_version   int             NOT NULL,
    template_version nvarchar(64)    NOT NULL,
    content          varbinary(max)  NOT NULL
);
