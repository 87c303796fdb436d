-- The portal's key ring (ASP.NET Core Data Protection: the keys that sign and encrypt its session and antiforgery
-- cookies), SQLite. Keep in step with PostgreSql/ and SqlServer/Migrations/0020_portal_keys.sql. Kept in the database so
-- that every portal process on it, and the same portal after a restart, accept each other's cookies. One row a key, its
-- XML as Data Protection writes it; keys are never updated (a new one is added every 90 days), rows never deleted.
CREATE TABLE portal_keys (
    name             TEXT    NOT NULL PRIMARY KEY,
    xml              TEXT    NOT NULL,
    created_at       TEXT    NOT NULL
);
