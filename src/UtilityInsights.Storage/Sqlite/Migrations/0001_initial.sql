-- UtilityInsights schema, SQLite. Keep in step with SqlServer/Migrations/0001_initial.sql:
-- the same tables and columns. Money is INTEGER minor units (cents); rates and quantities are
-- INTEGER millionths (×10^6); instants used in queries are INTEGER Unix seconds (UTC);
-- dates are TEXT yyyy-MM-dd; audit timestamps are TEXT ISO 8601 in UTC.

CREATE TABLE accounts (
    account_id       TEXT    NOT NULL PRIMARY KEY,
    name             TEXT    NOT NULL,
    service_address  TEXT    NOT NULL,
    mailing_address  TEXT    NOT NULL,
    email            TEXT    NULL,
    phone            TEXT    NULL,
    language         TEXT    NOT NULL,
    channel          TEXT    NOT NULL,
    cycle            TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);
CREATE INDEX ix_accounts_cycle ON accounts (cycle);

CREATE TABLE meters (
    meter_id         TEXT    NOT NULL PRIMARY KEY,
    commodity        TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    unit             TEXT    NOT NULL,
    multiplier       INTEGER NOT NULL,
    register_digits  INTEGER NOT NULL,
    interval_minutes INTEGER NULL,
    time_zone        TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);

CREATE TABLE premises (
    premise_id       TEXT    NOT NULL PRIMARY KEY,
    account_id       TEXT    NOT NULL REFERENCES accounts (account_id),
    meter_id         TEXT    NOT NULL,
    region           TEXT    NOT NULL,
    latitude         INTEGER NULL,
    longitude        INTEGER NULL,
    floor_area_sqft  INTEGER NULL,
    occupants        INTEGER NULL,
    heating_fuel     TEXT    NULL,
    home_type        TEXT    NULL,
    year_built       INTEGER NULL,
    has_ac           INTEGER NULL,
    has_pool         INTEGER NULL,
    has_ev           INTEGER NULL,
    has_solar        INTEGER NULL,
    tariff_id        TEXT    NULL,
    time_zone        TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);
CREATE INDEX ix_premises_account ON premises (account_id);
CREATE INDEX ix_premises_meter ON premises (meter_id);

-- One row per meter per local day: the day's interval values and quality flags packed.
CREATE TABLE interval_read_days (
    meter_id         TEXT    NOT NULL,
    local_date       TEXT    NOT NULL,
    day_start_utc    INTEGER NOT NULL,
    interval_minutes INTEGER NOT NULL,
    slot_count       INTEGER NOT NULL,
    unit             TEXT    NOT NULL,
    present_count    INTEGER NOT NULL,
    total            INTEGER NOT NULL,
    slot_values      BLOB    NOT NULL,
    slot_qualities   BLOB    NOT NULL,
    PRIMARY KEY (meter_id, local_date)
) WITHOUT ROWID;

CREATE TABLE register_reads (
    meter_id         TEXT    NOT NULL,
    read_at_utc      INTEGER NOT NULL,
    offset_minutes   INTEGER NOT NULL,
    register_value   INTEGER NOT NULL,
    unit             TEXT    NOT NULL,
    read_type        TEXT    NOT NULL,
    multiplier       INTEGER NOT NULL,
    PRIMARY KEY (meter_id, read_at_utc)
) WITHOUT ROWID;

CREATE TABLE tariffs (
    tariff_id        TEXT    NOT NULL PRIMARY KEY,
    name             TEXT    NOT NULL,
    utility          TEXT    NOT NULL,
    commodity        TEXT    NOT NULL,
    source           TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);

CREATE TABLE tariff_versions (
    tariff_id        TEXT    NOT NULL REFERENCES tariffs (tariff_id),
    version          INTEGER NOT NULL,
    effective_from   TEXT    NOT NULL,
    effective_to     TEXT    NULL,
    document         TEXT    NOT NULL,
    imported_at      TEXT    NOT NULL,
    PRIMARY KEY (tariff_id, version)
);

CREATE TABLE bill_runs (
    run_id           TEXT    NOT NULL PRIMARY KEY,
    cycle            TEXT    NOT NULL,
    partition_index  INTEGER NOT NULL,
    partition_count  INTEGER NOT NULL,
    status           TEXT    NOT NULL,
    started_at       TEXT    NOT NULL,
    finished_at      TEXT    NULL,
    accounts_due     INTEGER NOT NULL,
    billed           INTEGER NOT NULL,
    held             INTEGER NOT NULL
);
CREATE INDEX ix_bill_runs_cycle ON bill_runs (cycle);

CREATE TABLE bills (
    bill_id          TEXT    NOT NULL PRIMARY KEY,
    account_id       TEXT    NOT NULL REFERENCES accounts (account_id),
    cycle            TEXT    NOT NULL,
    revision         INTEGER NOT NULL,
    period_start     TEXT    NOT NULL,
    period_end       TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    hold_reason      TEXT    NULL,
    currency         TEXT    NOT NULL,
    total            INTEGER NOT NULL,
    usage_quantity   INTEGER NOT NULL,
    usage_unit       TEXT    NOT NULL,
    tariff_id        TEXT    NULL,
    tariff_version   INTEGER NULL,
    model_version    TEXT    NULL,
    template_version TEXT    NULL,
    run_id           TEXT    NULL,
    due_date         TEXT    NULL,
    created_at       TEXT    NOT NULL,
    issued_at        TEXT    NULL,
    UNIQUE (account_id, cycle, revision)
);
CREATE INDEX ix_bills_cycle_status ON bills (cycle, status);

CREATE TABLE bill_lines (
    bill_id          TEXT    NOT NULL REFERENCES bills (bill_id),
    line_no          INTEGER NOT NULL,
    segment          TEXT    NULL,
    category         TEXT    NOT NULL,
    description      TEXT    NOT NULL,
    quantity         INTEGER NULL,
    unit             TEXT    NULL,
    rate             INTEGER NULL,
    amount           INTEGER NOT NULL,
    explanation      TEXT    NULL,
    PRIMARY KEY (bill_id, line_no)
) WITHOUT ROWID;

CREATE TABLE ledger_entries (
    entry_id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    account_id       TEXT    NOT NULL REFERENCES accounts (account_id),
    posted_at        TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    currency         TEXT    NOT NULL,
    amount           INTEGER NOT NULL,
    reference        TEXT    NOT NULL,
    bill_id          TEXT    NULL,
    description      TEXT    NOT NULL,
    UNIQUE (kind, reference)
);
CREATE INDEX ix_ledger_account ON ledger_entries (account_id, entry_id);

CREATE TABLE cohort_models (
    model_version    TEXT    NOT NULL PRIMARY KEY,
    created_at       TEXT    NOT NULL,
    training_from    TEXT    NULL,
    training_to      TEXT    NULL,
    premise_count    INTEGER NOT NULL,
    features         TEXT    NOT NULL,
    parameters       TEXT    NOT NULL,
    metrics          TEXT    NOT NULL,
    model_path       TEXT    NOT NULL
);

CREATE TABLE cohort_assignments (
    model_version    TEXT    NOT NULL REFERENCES cohort_models (model_version),
    premise_id       TEXT    NOT NULL,
    cohort_id        TEXT    NOT NULL,
    PRIMARY KEY (model_version, premise_id)
) WITHOUT ROWID;
