-- UtilityInsights schema, SQL Server (T-SQL). Keep in step with Sqlite/Migrations/0001_initial.sql:
-- the same tables and columns. Money is decimal(19,4); rates and quantities decimal(19,6);
-- instants used in queries are bigint Unix seconds (UTC); dates are date; audit timestamps
-- are datetimeoffset.

CREATE TABLE accounts (
    account_id       nvarchar(64)    NOT NULL PRIMARY KEY,
    name             nvarchar(200)   NOT NULL,
    service_address  nvarchar(400)   NOT NULL,
    mailing_address  nvarchar(400)   NOT NULL,
    email            nvarchar(320)   NULL,
    phone            nvarchar(40)    NULL,
    language         varchar(8)      NOT NULL,
    channel          varchar(8)      NOT NULL,
    cycle            nvarchar(32)    NOT NULL,
    updated_at       datetimeoffset  NOT NULL
);
CREATE INDEX ix_accounts_cycle ON accounts (cycle);

CREATE TABLE meters (
    meter_id         nvarchar(64)    NOT NULL PRIMARY KEY,
    commodity        varchar(16)     NOT NULL,
    kind             varchar(16)     NOT NULL,
    unit             varchar(8)      NOT NULL,
    multiplier       decimal(19,6)   NOT NULL,
    register_digits  int             NOT NULL,
    interval_minutes int             NULL,
    time_zone        nvarchar(64)    NOT NULL,
    updated_at       datetimeoffset  NOT NULL
);

CREATE TABLE premises (
    premise_id       nvarchar(64)    NOT NULL PRIMARY KEY,
    account_id       nvarchar(64)    NOT NULL REFERENCES accounts (account_id),
    meter_id         nvarchar(64)    NOT NULL,
    region           nvarchar(64)    NOT NULL,
    latitude         decimal(19,6)   NULL,
    longitude        decimal(19,6)   NULL,
    floor_area_sqft  int             NULL,
    occupants        int             NULL,
    heating_fuel     varchar(32)     NULL,
    home_type        varchar(32)     NULL,
    year_built       int             NULL,
    has_ac           bit             NULL,
    has_pool         bit             NULL,
    has_ev           bit             NULL,
    has_solar        bit             NULL,
    tariff_id        nvarchar(64)    NULL,
    time_zone        nvarchar(64)    NOT NULL,
    updated_at       datetimeoffset  NOT NULL
);
CREATE INDEX ix_premises_account ON premises (account_id);
CREATE INDEX ix_premises_meter ON premises (meter_id);

-- One row per meter per local day: the day's interval values and quality flags packed.
CREATE TABLE interval_read_days (
    meter_id         nvarchar(64)    NOT NULL,
    local_date       date            NOT NULL,
    day_start_utc    bigint          NOT NULL,
    interval_minutes int             NOT NULL,
    slot_count       int             NOT NULL,
    unit             varchar(8)      NOT NULL,
    present_count    int             NOT NULL,
    total            decimal(19,6)   NOT NULL,
    slot_values      varbinary(max)  NOT NULL,
    slot_qualities   varbinary(max)  NOT NULL,
    CONSTRAINT pk_interval_read_days PRIMARY KEY (meter_id, local_date)
);

CREATE TABLE register_reads (
    meter_id         nvarchar(64)    NOT NULL,
    read_at_utc      bigint          NOT NULL,
    offset_minutes   int             NOT NULL,
    register_value   decimal(19,6)   NOT NULL,
    unit             varchar(8)      NOT NULL,
    read_type        varchar(24)     NOT NULL,
    multiplier       decimal(19,6)   NOT NULL,
    CONSTRAINT pk_register_reads PRIMARY KEY (meter_id, read_at_utc)
);

CREATE TABLE tariffs (
    tariff_id        nvarchar(64)    NOT NULL PRIMARY KEY,
    name             nvarchar(200)   NOT NULL,
    utility          nvarchar(200)   NOT NULL,
    commodity        varchar(16)     NOT NULL,
    source           varchar(16)     NOT NULL,
    updated_at       datetimeoffset  NOT NULL
);

CREATE TABLE tariff_versions (
    tariff_id        nvarchar(64)    NOT NULL REFERENCES tariffs (tariff_id),
    version          int             NOT NULL,
    effective_from   date            NOT NULL,
    effective_to     date            NULL,
    document         nvarchar(max)   NOT NULL,
    imported_at      datetimeoffset  NOT NULL,
    CONSTRAINT pk_tariff_versions PRIMARY KEY (tariff_id, version)
);

CREATE TABLE bill_runs (
    run_id           nvarchar(64)    NOT NULL PRIMARY KEY,
    cycle            nvarchar(16)    NOT NULL,
    partition_index  int             NOT NULL,
    partition_count  int             NOT NULL,
    status           varchar(16)     NOT NULL,
    started_at       datetimeoffset  NOT NULL,
    finished_at      datetimeoffset  NULL,
    accounts_due     int             NOT NULL,
    billed           int             NOT NULL,
    held             int             NOT NULL
);
CREATE INDEX ix_bill_runs_cycle ON bill_runs (cycle);

CREATE TABLE bills (
    bill_id          nvarchar(64)    NOT NULL PRIMARY KEY,
    account_id       nvarchar(64)    NOT NULL REFERENCES accounts (account_id),
    cycle            nvarchar(16)    NOT NULL,
    revision         int             NOT NULL,
    period_start     date            NOT NULL,
    period_end       date            NOT NULL,
    status           varchar(16)     NOT NULL,
    hold_reason      nvarchar(400)   NULL,
    currency         char(3)         NOT NULL,
    total            decimal(19,4)   NOT NULL,
    usage_quantity   decimal(19,6)   NOT NULL,
    usage_unit       varchar(8)      NOT NULL,
    tariff_id        nvarchar(64)    NULL,
    tariff_version   int             NULL,
    model_version    nvarchar(64)    NULL,
    template_version nvarchar(64)    NULL,
    run_id           nvarchar(64)    NULL,
    due_date         date            NULL,
    created_at       datetimeoffset  NOT NULL,
    issued_at        datetimeoffset  NULL,
    CONSTRAINT uq_bills_account_cycle_revision UNIQUE (account_id, cycle, revision)
);
CREATE INDEX ix_bills_cycle_status ON bills (cycle, status);

CREATE TABLE bill_lines (
    bill_id          nvarchar(64)    NOT NULL REFERENCES bills (bill_id),
    line_no          int             NOT NULL,
    segment          nvarchar(100)   NULL,
    category         varchar(16)     NOT NULL,
    description      nvarchar(400)   NOT NULL,
    quantity         decimal(19,6)   NULL,
    unit             varchar(16)     NULL,
    rate             decimal(19,6)   NULL,
    amount           decimal(19,4)   NOT NULL,
    explanation      nvarchar(800)   NULL,
    CONSTRAINT pk_bill_lines PRIMARY KEY (bill_id, line_no)
);

CREATE TABLE ledger_entries (
    entry_id         bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    account_id       nvarchar(64)    NOT NULL REFERENCES accounts (account_id),
    posted_at        datetimeoffset  NOT NULL,
    kind             varchar(16)     NOT NULL,
    currency         char(3)         NOT NULL,
    amount           decimal(19,4)   NOT NULL,
    reference        nvarchar(128)   NOT NULL,
    bill_id          nvarchar(64)    NULL,
    description      nvarchar(400)   NOT NULL,
    CONSTRAINT uq_ledger_kind_reference UNIQUE (kind, reference)
);
CREATE INDEX ix_ledger_account ON ledger_entries (account_id, entry_id);

CREATE TABLE cohort_models (
    model_version    nvarchar(64)    NOT NULL PRIMARY KEY,
    created_at       datetimeoffset  NOT NULL,
    training_from    date            NULL,
    training_to      date            NULL,
    premise_count    int             NOT NULL,
    features         nvarchar(max)   NOT NULL,
    parameters       nvarchar(max)   NOT NULL,
    metrics          nvarchar(max)   NOT NULL,
    model_path       nvarchar(1000)  NOT NULL
);

CREATE TABLE cohort_assignments (
    model_version    nvarchar(64)    NOT NULL REFERENCES cohort_models (model_version),
    premise_id       nvarchar(64)    NOT NULL,
    cohort_id        nvarchar(64)    NOT NULL,
    CONSTRAINT pk_cohort_assignments PRIMARY KEY (model_version, premise_id)
);
