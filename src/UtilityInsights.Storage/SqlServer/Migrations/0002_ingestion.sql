-- Ingestion bookkeeping, SQL Server. Keep in step with Sqlite/Migrations/0002_ingestion.sql.

CREATE TABLE ingest_batches (
    file_hash        char(64)        NOT NULL,
    batch_no         int             NOT NULL,
    file_name        nvarchar(400)   NOT NULL,
    reads            int             NOT NULL,
    committed_at     datetimeoffset  NOT NULL,
    CONSTRAINT pk_ingest_batches PRIMARY KEY (file_hash, batch_no)
);

CREATE TABLE read_revisions (
    revision_id      bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    meter_id         nvarchar(64)    NOT NULL,
    interval_start_utc bigint        NOT NULL,
    old_value        decimal(19,6)   NOT NULL,
    old_quality      char(1)         NOT NULL,
    new_value        decimal(19,6)   NOT NULL,
    new_quality      char(1)         NOT NULL,
    source           nvarchar(400)   NOT NULL,
    revised_at       datetimeoffset  NOT NULL
);
CREATE INDEX ix_read_revisions_meter ON read_revisions (meter_id, interval_start_utc);

CREATE TABLE read_flags (
    meter_id         nvarchar(64)    NOT NULL,
    interval_start_utc bigint        NOT NULL,
    flag_rule        varchar(32)     NOT NULL,
    detail           nvarchar(400)   NOT NULL,
    source           nvarchar(400)   NOT NULL,
    flagged_at       datetimeoffset  NOT NULL,
    CONSTRAINT pk_read_flags PRIMARY KEY (meter_id, interval_start_utc, flag_rule)
);

CREATE TABLE period_reads (
    meter_id         nvarchar(64)    NOT NULL,
    start_utc        bigint          NOT NULL,
    end_utc          bigint          NOT NULL,
    quantity         decimal(19,6)   NOT NULL,
    unit             varchar(8)      NOT NULL,
    quality          char(1)         NOT NULL,
    CONSTRAINT pk_period_reads PRIMARY KEY (meter_id, start_utc)
);
