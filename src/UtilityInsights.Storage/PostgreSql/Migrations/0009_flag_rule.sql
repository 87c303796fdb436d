-- read_flags.rule renamed flag_rule on the other providers (RULE is a reserved word in T-SQL). On
-- PostgreSQL 0002 creates flag_rule from the start: nothing to rename. Keep in step with
-- Sqlite/Migrations/0009_flag_rule.sql and SqlServer/Migrations/0009_flag_rule.sql.
SELECT 1;
