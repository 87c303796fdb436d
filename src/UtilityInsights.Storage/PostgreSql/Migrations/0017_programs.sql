-- Randomised programs (a treatment group shown the comparison and tips, a control group not), PostgreSQL.
-- Keep in step with Sqlite/Migrations/0017_programs.sql. and SqlServer/Migrations/0017_programs.sql. An assignment is written once and never changed.
CREATE TABLE programs (
    name             varchar(64)    NOT NULL CONSTRAINT pk_programs PRIMARY KEY,
    start_date       date            NOT NULL,
    holdout          numeric(19,6)   NOT NULL,
    seed             integer             NULL,
    stratify         varchar(200)   NOT NULL,
    min_history_days integer             NOT NULL,
    vacant_below     numeric(19,6)   NOT NULL,
    source           varchar(400)   NOT NULL,
    created_at       timestamptz  NOT NULL
);

CREATE TABLE program_assignments (
    program          varchar(64)    NOT NULL CONSTRAINT fk_program_assignments_program REFERENCES programs (name),
    account_id       varchar(64)    NOT NULL,
    arm              varchar(16)    NOT NULL CONSTRAINT ck_program_assignments_arm CHECK (arm IN ('treatment', 'control')),
    stratum          varchar(200)   NOT NULL,
    assigned_at      timestamptz  NOT NULL,
    CONSTRAINT pk_program_assignments PRIMARY KEY (program, account_id)
);

CREATE INDEX ix_program_assignments_account ON program_assignments (account_id);
