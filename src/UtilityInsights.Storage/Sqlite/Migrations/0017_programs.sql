-- Randomised programs (a treatment group shown the comparison and tips, a control group not), SQLite.
-- Keep in step with SqlServer/Migrations/0017_programs.sql. An assignment is written once and never changed.
CREATE TABLE programs (
    name             TEXT    NOT NULL PRIMARY KEY,
    start_date       TEXT    NOT NULL,
    holdout          INTEGER NOT NULL,
    seed             INTEGER NULL,
    stratify         TEXT    NOT NULL,
    min_history_days INTEGER NOT NULL,
    vacant_below     INTEGER NOT NULL,
    source           TEXT    NOT NULL,
    created_at       TEXT    NOT NULL
);

CREATE TABLE program_assignments (
    program          TEXT    NOT NULL REFERENCES programs (name),
    account_id       TEXT    NOT NULL,
    arm              TEXT    NOT NULL CHECK (arm IN ('treatment', 'control')),
    stratum          TEXT    NOT NULL,
    assigned_at      TEXT    NOT NULL,
    PRIMARY KEY (program, account_id)
) WITHOUT ROWID;

CREATE INDEX ix_program_assignments_account ON program_assignments (account_id);
