-- API keys of the systems that call /api/v1 (a CIS, meter data management, a payment processor), SQLite.
-- Keep in step with PostgreSql/ and SqlServer/Migrations/0018_api_keys.sql. A key is stored as the SHA-256 of its
-- secret part (the secret is 256 random bits, shown once); revoking keeps the row, so the audit still names it.
CREATE TABLE api_keys (
    key_id           TEXT    NOT NULL PRIMARY KEY,
    name             TEXT    NOT NULL,
    scope            TEXT    NOT NULL CHECK (scope IN ('read', 'write')),
    secret_hash      TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    revoked_at       TEXT    NULL
);

-- Every call with a key: which key, when, what it asked and the answer's status.
CREATE TABLE api_audit (
    audit_id         TEXT    NOT NULL PRIMARY KEY,
    key_id           TEXT    NOT NULL REFERENCES api_keys (key_id),
    at               TEXT    NOT NULL,
    method           TEXT    NOT NULL,
    path             TEXT    NOT NULL,
    status           INTEGER NOT NULL
);

CREATE INDEX ix_api_audit_key ON api_audit (key_id, at);
