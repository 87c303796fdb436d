using System.Text.RegularExpressions;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Storage;

/// <summary>
/// No table, column, constraint or index of any provider's migrations is a reserved word of T-SQL or
/// PostgreSQL: a name such as <c>rule</c> works in SQLite and stops SQL Server's migration half-way
/// (issue 14). New migrations are checked the moment they are added.
/// </summary>
public partial class ReservedWordTests
{
    /// <summary>T-SQL's reserved keywords (SQL Server documentation, "Reserved keywords (Transact-SQL)").</summary>
    private static readonly HashSet<string> TSql = Words("""
        ADD ALL ALTER AND ANY AS ASC AUTHORIZATION BACKUP BEGIN BETWEEN BREAK BROWSE BULK BY CASCADE CASE CHECK
        CHECKPOINT CLOSE CLUSTERED COALESCE COLLATE COLUMN COMMIT COMPUTE CONSTRAINT CONTAINS CONTAINSTABLE CONTINUE
        CONVERT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURSOR DATABASE DBCC
        DEALLOCATE DECLARE DEFAULT DELETE DENY DESC DISK DISTINCT DISTRIBUTED DOUBLE DROP DUMP ELSE END ERRLVL ESCAPE
        EXCEPT EXEC EXECUTE EXISTS EXIT EXTERNAL FETCH FILE FILLFACTOR FOR FOREIGN FREETEXT FREETEXTTABLE FROM FULL
        FUNCTION GOTO GRANT GROUP HAVING HOLDLOCK IDENTITY IDENTITY_INSERT IDENTITYCOL IF IN INDEX INNER INSERT
        INTERSECT INTO IS JOIN KEY KILL LEFT LIKE LINENO LOAD MERGE NATIONAL NOCHECK NONCLUSTERED NOT NULL NULLIF OF
        OFF OFFSETS ON OPEN OPENDATASOURCE OPENQUERY OPENROWSET OPENXML OPTION OR ORDER OUTER OVER PERCENT PIVOT PLAN
        PRECISION PRIMARY PRINT PROC PROCEDURE PUBLIC RAISERROR READ READTEXT RECONFIGURE REFERENCES REPLICATION
        RESTORE RESTRICT RETURN REVERT REVOKE RIGHT ROLLBACK ROWCOUNT ROWGUIDCOL RULE SAVE SCHEMA SECURITYAUDIT SELECT
        SEMANTICKEYPHRASETABLE SEMANTICSIMILARITYDETAILSTABLE SEMANTICSIMILARITYTABLE SESSION_USER SET SETUSER
        SHUTDOWN SOME STATISTICS SYSTEM_USER TABLE TABLESAMPLE TEXTSIZE THEN TO TOP TRAN TRANSACTION TRIGGER TRUNCATE
        TRY_CONVERT TSEQUAL UNION UNIQUE UNPIVOT UPDATE UPDATETEXT USE USER VALUES VARYING VIEW WAITFOR WHEN WHERE
        WHILE WITH WITHIN WRITETEXT
        """);

    /// <summary>PostgreSQL's reserved key words (PostgreSQL documentation, appendix "SQL Key Words", column PostgreSQL: reserved).</summary>
    private static readonly HashSet<string> PostgreSql = Words("""
        ALL ANALYSE ANALYZE AND ANY ARRAY AS ASC ASYMMETRIC AUTHORIZATION BINARY BOTH CASE CAST CHECK COLLATE COLLATION
        COLUMN CONCURRENTLY CONSTRAINT CREATE CROSS CURRENT_CATALOG CURRENT_DATE CURRENT_ROLE CURRENT_SCHEMA CURRENT_TIME
        CURRENT_TIMESTAMP CURRENT_USER DEFAULT DEFERRABLE DESC DISTINCT DO ELSE END EXCEPT FALSE FETCH FOR FOREIGN
        FREEZE FROM FULL GRANT GROUP HAVING ILIKE IN INITIALLY INNER INTERSECT INTO IS ISNULL JOIN LATERAL LEADING LEFT
        LIKE LIMIT LOCALTIME LOCALTIMESTAMP NATURAL NOT NOTNULL NULL OFFSET ON ONLY OR ORDER OUTER OVERLAPS PLACING
        PRIMARY REFERENCES RETURNING RIGHT SELECT SESSION_USER SIMILAR SOME SYMMETRIC SYSTEM_USER TABLE TABLESAMPLE THEN
        TO TRAILING TRUE UNION UNIQUE USER USING VARIADIC VERBOSE WHEN WHERE WINDOW WITH
        """);

    private static HashSet<string> Words(string text) =>
        text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);

    [Test]
    public void No_identifier_in_any_migration_is_a_reserved_word_of_TSql_or_PostgreSQL()
    {
        var offenders = new List<string>();
        var count = 0;
        foreach (var provider in Enum.GetValues<DatabaseProvider>())
        {
            var migrations = Migrator.Migrations(provider);
            foreach (var migration in migrations)
            {
                // A name that a later migration renames away (SQLite's read_flags.rule, applied before
                // issue 14 and renamed by 0009) is history, not the schema.
                var renamedLater = migrations.Where(m => m.Version > migration.Version)
                    .SelectMany(m => RenamedFrom().Matches(m.Sql).Select(r => r.Groups["name"].Value)).ToHashSet(StringComparer.OrdinalIgnoreCase);
                foreach (var name in Identifiers(migration.Sql).Where(n => !renamedLater.Contains(n)))
                {
                    count++;
                    if (TSql.Contains(name) || PostgreSql.Contains(name))
                        offenders.Add($"{provider} {migration.Version:0000}_{migration.Name}: '{name}' is reserved in {(TSql.Contains(name) ? "T-SQL" : "PostgreSQL")}");
                }
            }
        }

        Assert.That(count, Is.GreaterThan(200), "the identifier scan found the schema's names");
        Assert.That(offenders, Is.Empty);
    }

    [Test]
    public void The_scan_finds_a_reserved_column_table_index_and_key_name()
    {
        const string sql = """
            CREATE TABLE read_flags (
                meter_id         TEXT    NOT NULL,
                rule             TEXT    NOT NULL,
                CONSTRAINT pk_x PRIMARY KEY (meter_id, rule)
            );
            CREATE INDEX ix_user ON [order] (meter_id);
            ALTER TABLE bills ADD COLUMN [percent] TEXT NULL;
            ALTER TABLE bills RENAME COLUMN a TO [user];
            """;

        var names = Identifiers(sql).ToList();

        Assert.That(names, Is.SupersetOf(new[] { "read_flags", "meter_id", "rule", "pk_x", "ix_user", "order", "percent", "user" }));
        Assert.That(names.Count(n => n == "rule"), Is.EqualTo(2), "the column and its use in the key");
    }

    [Test]
    public void Every_schema_name_is_a_lower_case_word_that_needs_no_quoting()
    {
        foreach (var provider in Enum.GetValues<DatabaseProvider>())
        {
            foreach (var migration in Migrator.Migrations(provider))
                Assert.That(Identifiers(migration.Sql), Has.All.Match("^[a-z][a-z0-9_]*$"), $"{provider} {migration.Name}");
        }
    }

    /// <summary>
    /// The names a migration gives: tables, their columns and constraints, the columns a key or
    /// reference lists, indexes and the columns they cover, added and renamed columns. Comments and
    /// string literals are left out; <c>[quoted]</c> and <c>"quoted"</c> names are unquoted.
    /// </summary>
    internal static IEnumerable<string> Identifiers(string sql)
    {
        sql = Comment().Replace(sql, "");
        sql = StringLiteral().Replace(sql, "''");
        foreach (Match table in CreateTable().Matches(sql))
        {
            yield return Unquote(table.Groups["name"].Value);
            foreach (var item in TopLevelItems(Body(sql, table.Index + table.Length)))
            {
                var words = Word().Matches(item).Select(m => m.Value).ToList();
                if (words.Count == 0)
                    continue;
                if (words[0].Equals("CONSTRAINT", StringComparison.OrdinalIgnoreCase) && words.Count > 1)
                    yield return Unquote(words[1]);
                else if (!ConstraintStart().IsMatch(words[0]))
                    yield return Unquote(words[0]);
                foreach (Match list in ColumnList().Matches(item))
                {
                    foreach (var column in list.Groups["columns"].Value.Split(','))
                        yield return Unquote(column.Trim().Split(' ')[0]);
                }
                foreach (Match reference in Reference().Matches(item))
                    yield return Unquote(reference.Groups["table"].Value);
            }
        }
        foreach (Match index in CreateIndex().Matches(sql))
        {
            yield return Unquote(index.Groups["name"].Value);
            yield return Unquote(index.Groups["table"].Value);
            foreach (var column in index.Groups["columns"].Value.Split(','))
                yield return Unquote(column.Trim().Split(' ')[0]);
        }
        foreach (Match added in AddColumn().Matches(sql))
            yield return Unquote(added.Groups["name"].Value);
        foreach (Match renamed in RenameColumn().Matches(sql))
            yield return Unquote(renamed.Groups["name"].Value);
    }

    private static string Unquote(string name) => name.Trim('[', ']', '"', '`');

    /// <summary>The text inside the parenthesis that opens just before <paramref name="start"/>, up to its matching close.</summary>
    private static string Body(string sql, int start)
    {
        var depth = 1;
        for (var i = start; i < sql.Length; i++)
        {
            depth += sql[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
                return sql[start..i];
        }
        throw new FormatException("unbalanced parentheses in a CREATE TABLE");
    }

    /// <summary>The comma-separated items of a CREATE TABLE body, ignoring commas inside parentheses (<c>decimal(19,4)</c>).</summary>
    private static IEnumerable<string> TopLevelItems(string body)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < body.Length; i++)
        {
            depth += body[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (body[i] == ',' && depth == 0)
            {
                yield return body[start..i];
                start = i + 1;
            }
        }
        yield return body[start..];
    }

    [GeneratedRegex(@"--[^\n]*")]
    private static partial Regex Comment();

    [GeneratedRegex(@"N?'[^']*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"CREATE TABLE (?:IF NOT EXISTS )?(?<name>[\w\[\]""]+)\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"[\w\[\]""]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"^(PRIMARY|UNIQUE|FOREIGN|CHECK|INDEX|KEY)$", RegexOptions.IgnoreCase)]
    private static partial Regex ConstraintStart();

    [GeneratedRegex(@"\b(?:KEY|UNIQUE|REFERENCES [\w\[\]""]+)\s*\((?<columns>[^)]*)\)", RegexOptions.IgnoreCase)]
    private static partial Regex ColumnList();

    [GeneratedRegex(@"REFERENCES (?<table>[\w\[\]""]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();

    [GeneratedRegex(@"CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?(?<name>[\w\[\]""]+) ON (?<table>[\w\[\]""]+)\s*\((?<columns>[^)]*)\)", RegexOptions.IgnoreCase)]
    private static partial Regex CreateIndex();

    [GeneratedRegex(@"ALTER TABLE [\w\[\]""]+ ADD (?:COLUMN )?(?<name>[\w\[\]""]+)", RegexOptions.IgnoreCase)]
    private static partial Regex AddColumn();

    [GeneratedRegex(@"RENAME COLUMN [\w\[\]""]+ TO (?<name>[\w\[\]""]+)", RegexOptions.IgnoreCase)]
    private static partial Regex RenameColumn();

    [GeneratedRegex(@"RENAME COLUMN (?<name>[\w\[\]""]+) TO", RegexOptions.IgnoreCase)]
    private static partial Regex RenamedFrom();
}
