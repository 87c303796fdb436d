-- UtilityInsights schema, PostgreSQL. Keep in step with Sqlite/Migrations/0001_initial.sql and SqlServer/Migrations/0001_initial.sql:
-- the same tables and columns. Money is numeric(19,4); rates and quantities numeric(19,6);
-- instants used in queries are bigint Unix seconds (UTC); dates are date; audit timestamps
-- are timestamptz.

CREATE TABLE accounts (
    account_id       varchar(64)    NOT NULL PRIMARY KEY,
    name             varchar(200)   NOT NULL,
    service_address  varchar(400)   NOT NULL,
    mailing_address  varchar(400)   NOT NULL,
    email            varchar(320)   NULL,
    phone            varchar(40)    NULL,
    language         varchar(8)      NOT NULL,
    channel          varchar(8)      NOT NULL,
    cycle            varchar(32)    NOT NULL,
    updated_at       timestamptz  NOT NULL
);
CREATE INDEX ix_accounts_cycle ON accounts (cycle);

CREATE TABLE meters (
    meter_id         varchar(64)    NOT NULL PRIMARY KEY,
    commodity        varchar(16)     NOT NULL,
    kind             varchar(16)     NOT NULL,
    unit             varchar(8)      NOT NULL,
    multiplier       numeric(19,6)   NOT NULL,
    register_digits  integer             NOT NULL,
    interval_minutes integer             NULL,
    time_zone        varchar(64)    NOT NULL,
    updated_at       timestamptz  NOT NULL
);

CREATE TABLE premises (
    premise_id       varchar(64)    NOT NULL PRIMARY KEY,
    account_id       varchar(64)    NOT NULL REFERENCES accounts (account_id),
    meter_id         varchar(64)    NOT NULL,
    region           varchar(64)    NOT NULL,
    latitude         numeric(19,6)   NULL,
    longitude        numeric(19,6)   NULL,
    floor_area_sqft  integer             NULL,
    occupants        integer             NULL,
    heating_fuel     varchar(32)     NULL,
    home_type        varchar(32)     NULL,
    year_built       integer             NULL,
    has_ac           boolean             NULL,
    has_pool         boolean             NULL,
    has_ev           boolean             NULL,
    has_solar        boolean             NULL,
    tariff_id        varchar(64)    NULL,
    time_zone        varchar(64)    NOT NULL,
    updated_at       timestamptz  NOT NULL
);
CREATE INDEX ix_premises_account ON premises (account_id);
CREATE INDEX ix_premises_meter ON premises (meter_id);

-- One row per meter per local day: the day's interval values and quality flags packed.
CREATE TABLE interval_read_days (
    meter_id         varchar(64)    NOT NULL,
    local_date       date            NOT NULL,
    day_start_utc    bigint          NOT NULL,
    interval_minutes integer             NOT NULL,
    slot_count       integer             NOT NULL,
    unit             varchar(8)      NOT NULL,
    present_count    integer             NOT NULL,
    total            numeric(19,6)   NOT NULL,
    slot_values      bytea  NOT NULL,
    slot_qualities   bytea  NOT NULL,
    CONSTRAINT pk_interval_read_days PRIMARY KEY (meter_id, local_date)
);

CREATE TABLE register_reads (
    meter_id         varchar(64)    NOT NULL,
    read_at_utc      bigint          NOT NULL,
    offset_minutes   integer             NOT NULL,
    register_value   numeric(19,6)   NOT NULL,
    unit             varchar(8)      NOT NULL,
    read_type        varchar(24)     NOT NULL,
    multiplier       numeric(19,6)   NOT NULL,
    CONSTRAINT pk_register_reads PRIMARY KEY (meter_id, read_at_utc)
);

CREATE TABLE tariffs (
    tariff_id        varchar(64)    NOT NULL PRIMARY KEY,
    name             varchar(200)   NOT NULL,
    utility          varchar(200)   NOT NULL,
    commodity        varchar(16)     NOT NULL,
    source           varchar(16)     NOT NULL,
    updated_at       timestamptz  NOT NULL
);

CREATE TABLE tariff_versions (
    tariff_id        varchar(64)    NOT NULL REFERENCES tariffs (tariff_id),
    version          integer             NOT NULL,
    effective_from   date            NOT NULL,
    effective_to     date            NULL,
    document         text   NOT NULL,
    imported_at      timestamptz  NOT NULL,
    CONSTRAINT pk_tariff_versions PRIMARY KEY (tariff_id, version)
);

CREATE TABLE bill_runs (
    run_id           varchar(64)    NOT NULL PRIMARY KEY,
    cycle            varchar(16)    NOT NULL,
    partition_index  integer             NOT NULL,
    partition_count  integer             NOT NULL,
    status           varchar(16)     NOT NULL,
    started_at       timestamptz  NOT NULL,
    finished_at      timestamptz  NULL,
    accounts_due     integer             NOT NULL,
    billed           integer             NOT NULL,
    held             integer             NOT NULL
);
CREATE INDEX ix_bill_runs_cycle ON bill_runs (cycle);

CREATE TABLE bills (
    bill_id          varchar(64)    NOT NULL PRIMARY KEY,
    account_id       varchar(64)    NOT NULL REFERENCES accounts (account_id),
    cycle            varchar(16)    NOT NULL,
    revision         integer             NOT NULL,
    period_start     date            NOT NULL,
    period_end       date            NOT NULL,
    status           varchar(16)     NOT NULL,
    hold_reason      varchar(400)   NULL,
    currency         char(3)         NOT NULL,
    total            numeric(19,4)   NOT NULL,
    usage_quantity   numeric(19,6)   NOT NULL,
    usage_unit       varchar(8)      NOT NULL,
    tariff_id        varchar(64)    NULL,
    tariff_version   integer             NULL,
    model_version    varchar(64)    NULL,
    template_version varchar(64)    NULL,
    run_id           varchar(64)    NULL,
    due_date         date            NULL,
    created_at       timestamptz  NOT NULL,
    issued_at        timestamptz  NULL,
    CONSTRAINT uq_bills_account_cycle_revision UNIQUE (account_id, cycle, revision)
);
CREATE INDEX ix_bills_cycle_status ON bills (cycle, status);

CREATE TABLE bill_lines (
    bill_id          varchar(64)    NOT NULL REFERENCES bills (bill_id),
    line_no          integer             NOT NULL,
    segment          varchar(100)   NULL,
    category         varchar(16)     NOT NULL,
    description      varchar(400)   NOT NULL,
    quantity         numeric(19,6)   NULL,
    unit             varchar(16)     NULL,
    rate             numeric(19,6)   NULL,
    amount           numeric(19,4)   NOT NULL,
    explanation      varchar(800)   NULL,
    CONSTRAINT pk_bill_lines PRIMARY KEY (bill_id, line_no)
);

CREATE TABLE ledger_entries (
    entry_id         bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL PRIMARY KEY,
    account_id       varchar(64)    NOT NULL REFERENCES accounts (account_id),
    posted_at        timestamptz  NOT NULL,
    kind             varchar(16)     NOT NULL,
    currency         char(3)         NOT NULL,
    amount           numeric(19,4)   NOT NULL,
    reference        varchar(128)   NOT NULL,
    bill_id          varchar(64)    NULL,
    description      varchar(400)   NOT NULL,
    CONSTRAINT uq_ledger_kind_reference UNIQUE (kind, reference)
);
CREATE INDEX ix_ledger_account ON ledger_entries (account_id, entry_id);

CREATE TABLE cohort_models (
    model_version    varchar(64)    NOT NULL PRIMARY KEY,
    created_at       timestamptz  NOT NULL,
    training_from    date            NULL,
    training_to      date            NULL,
    premise_count    integer             NOT NULL,
    features         text   NOT NULL,
    parameters       text   NOT NULL,
    metrics          text   NOT NULL,
    model_path       varchar(1000)  NOT NULL
);

CREATE TABLE cohort_assignments (
    model_version    varchar(64)    NOT NULL REFERENCES cohort_models (model_version),
    premise_id       varchar(64)    NOT NULL,
    cohort_id        varchar(64)    NOT NULL,
    CONSTRAINT pk_cohort_assignments PRIMARY KEY (model_version, premise_id)
);
