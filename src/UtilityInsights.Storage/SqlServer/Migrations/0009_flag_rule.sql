-- read_flags.rule renamed flag_rule (RULE is a reserved word in T-SQL). 0002 creates flag_rule on
-- SQL Server, because with the reserved word it never ran there; a database whose 0002 was patched
-- by hand to quote [rule] is renamed here. Keep in step with Sqlite/Migrations/0009_flag_rule.sql.
IF COL_LENGTH(N'read_flags', N'rule') IS NOT NULL
    EXEC sp_rename N'read_flags.[rule]', N'flag_rule', N'COLUMN';
