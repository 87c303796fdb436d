-- The portal's key ring (ASP.NET Core Data Protection), SQL Server. Keep in step with Sqlite/Migrations/0020_portal_keys.sql.
CREATE TABLE portal_keys (
    name             nvarchar(200)   NOT NULL CONSTRAINT pk_portal_keys PRIMARY KEY,
    xml              nvarchar(max)   NOT NULL,
    created_at       datetimeoffset  NOT NULL
);
