-- Randomised programs (a treatment group shown the comparison and tips, a control group not), SQL Server.
-- Keep in step with Sqlite/Migrations/0017_programs.sql. An assignment is written once and never changed.
CREATE TABLE programs (
    name             nvarchar(64)    NOT NULL CONSTRAINT pk_programs PRIMARY KEY,
    start_date       date            NOT NULL,
    holdout          decimal(19,6)   NOT NULL,
    seed             int             NULL,
    stratify         nvarchar(200)   NOT NULL,
    min_history_days int             NOT NULL,
    vacant_below     decimal(19,6)   NOT NULL,
    source           nvarchar(400)   NOT NULL,
    created_at       datetimeoffset  NOT NULL
);

CREATE TABLE program_assignments (
    program          nvarchar(64)    NOT NULL CONSTRAINT fk_program_assignments_program REFERENCES programs (name),
    account_id       nvarchar(64)    NOT NULL,
    arm              nvarchar(16)    NOT NULL CONSTRAINT ck_program_assignments_arm CHECK (arm IN ('treatment', 'control')),
    stratum          nvarchar(200)   NOT NULL,
    assigned_at      datetimeoffset  NOT NULL,
    CONSTRAINT pk_program_assignments PRIMARY KEY (program, account_id)
);

CREATE INDEX ix_program_assignments_account ON program_assignments (account_id);
