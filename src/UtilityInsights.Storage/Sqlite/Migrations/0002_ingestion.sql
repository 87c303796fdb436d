-- Ingestion bookkeeping, SQLite. Keep in step with SqlServer/Migrations/0002_ingestion.sql.

-- Which batches of which file are committed: a re-import skips them, a crashed import resumes.
CREATE TABLE ingest_batches (
    file_hash        TEXT    NOT NULL,
    batch_no         INTEGER NOT NULL,
    file_name        TEXT    NOT NULL,
    reads            INTEGER NOT NULL,
    committed_at     TEXT    NOT NULL,
    PRIMARY KEY (file_hash, batch_no)
) WITHOUT ROWID;

-- Every replaced actual value (a conflicting later version wins; both are kept here).
CREATE TABLE read_revisions (
    revision_id      INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    meter_id         TEXT    NOT NULL,
    interval_start_utc INTEGER NOT NULL,
    old_value        INTEGER NOT NULL,
    old_quality      TEXT    NOT NULL,
    new_value        INTEGER NOT NULL,
    new_quality      TEXT    NOT NULL,
    source           TEXT    NOT NULL,
    revised_at       TEXT    NOT NULL
);
CREATE INDEX ix_read_revisions_meter ON read_revisions (meter_id, interval_start_utc);

-- Validation findings on stored reads (spike, negative, zero run, rollover, meter exchange …).
CREATE TABLE read_flags (
    meter_id         TEXT    NOT NULL,
    interval_start_utc INTEGER NOT NULL,
    rule             TEXT    NOT NULL,
    detail           TEXT    NOT NULL,
    source           TEXT    NOT NULL,
    flagged_at       TEXT    NOT NULL,
    PRIMARY KEY (meter_id, interval_start_utc, rule)
) WITHOUT ROWID;

-- Reads over periods longer than a day (monthly billing-period reads of Green Button feeds).
CREATE TABLE period_reads (
    meter_id         TEXT    NOT NULL,
    start_utc        INTEGER NOT NULL,
    end_utc          INTEGER NOT NULL,
    quantity         INTEGER NOT NULL,
    unit             TEXT    NOT NULL,
    quality          TEXT    NOT NULL,
    PRIMARY KEY (meter_id, start_utc)
) WITHOUT ROWID;
