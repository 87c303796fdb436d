-- read_flags.rule renamed flag_rule: RULE is a reserved word in T-SQL, and both providers keep the
-- same column names. Keep in step with SqlServer/Migrations/0009_flag_rule.sql.
ALTER TABLE read_flags RENAME COLUMN rule TO flag_rule;
