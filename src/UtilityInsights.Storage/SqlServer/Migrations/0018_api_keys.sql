-- API keys of the systems that call /api/v1, SQL Server. Keep in step with Sqlite/Migrations/0018_api_keys.sql.
CREATE TABLE api_keys (
    key_id           nvarchar(32)    NOT NULL CONSTRAINT pk_api_keys PRIMARY KEY,
    name             nvarchar(100)   NOT NULL,
    scope            nvarchar(8)     NOT NULL CONSTRAINT ck_api_keys_scope CHECK (scope IN ('read', 'write')),
    secret_hash      nvarchar(64)    NOT NULL,
    created_at       datetimeoffset  NOT NULL,
    revoked_at       datetimeoffset  NULL
);

CREATE TABLE api_audit (
    audit_id         nvarchar(32)    NOT NULL CONSTRAINT pk_api_audit PRIMARY KEY,
    key_id           nvarchar(32)    NOT NULL CONSTRAINT fk_api_audit_key REFERENCES api_keys (key_id),
    at               datetimeoffset  NOT NULL,
    method           nvarchar(10)    NOT NULL,
    path             nvarchar(400)   NOT NULL,
    status           int             NOT NULL
);

CREATE INDEX ix_api_audit_key ON api_audit (key_id, at);
