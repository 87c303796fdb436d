-- API keys of the systems that call /api/v1, PostgreSQL. Keep in step with Sqlite/Migrations/0018_api_keys.sql.
CREATE TABLE api_keys (
    key_id           varchar(32)    NOT NULL CONSTRAINT pk_api_keys PRIMARY KEY,
    name             varchar(100)   NOT NULL,
    scope            varchar(8)     NOT NULL CONSTRAINT ck_api_keys_scope CHECK (scope IN ('read', 'write')),
    secret_hash      varchar(64)    NOT NULL,
    created_at       timestamptz    NOT NULL,
    revoked_at       timestamptz    NULL
);

CREATE TABLE api_audit (
    audit_id         varchar(32)    NOT NULL CONSTRAINT pk_api_audit PRIMARY KEY,
    key_id           varchar(32)    NOT NULL CONSTRAINT fk_api_audit_key REFERENCES api_keys (key_id),
    at               timestamptz    NOT NULL,
    method           varchar(10)    NOT NULL,
    path             varchar(400)   NOT NULL,
    status           integer        NOT NULL
);

CREATE INDEX ix_api_audit_key ON api_audit (key_id, at);
