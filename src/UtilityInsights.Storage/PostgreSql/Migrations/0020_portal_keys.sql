-- The portal's key ring (ASP.NET Core Data Protection), PostgreSQL. Keep in step with Sqlite/Migrations/0020_portal_keys.sql.
CREATE TABLE portal_keys (
    name             varchar(200)   NOT NULL CONSTRAINT pk_portal_keys PRIMARY KEY,
    xml              text           NOT NULL,
    created_at       timestamptz    NOT NULL
);
