using System.Globalization;
using UtilityInsights.Money;

namespace UtilityInsights.Storage;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary>
/// What differs between the providers for the same schema: how money, scaled decimals,
/// dates, instants and booleans are stored, and the locking hint of an upsert. The SQL of the
/// stores is otherwise the same text for both.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>Scale of rates, quantities and multipliers: six decimal places.</summary>
    public const int ScaledDigits = 6;

    public abstract DatabaseProvider Provider { get; }

    /// <summary>Table hint that makes an UPDATE-then-INSERT upsert safe under concurrency (T-SQL), or nothing.</summary>
    public abstract string UpdateLockHint { get; }

    /// <summary>
    /// SQL that, run first in a write transaction, holds an exclusive lock named by the parameter <c>@LockResource</c> until the
    /// transaction ends, so that transactions doing the same "read, then add what is missing" take turns; null where the write
    /// transaction is such a lock already (SQLite's <c>BEGIN IMMEDIATE</c>).
    /// </summary>
    public abstract string? ExclusiveLockSql { get; }

    /// <summary>A money amount as stored. The amount must already be rounded to the currency's minor unit.</summary>
    public abstract object MoneyValue(Money.Money amount);

    public abstract Money.Money ReadMoney(object stored, Currency currency);

    /// <summary>A rate, quantity or multiplier as stored (six decimal places, lossless).</summary>
    public abstract object ScaledValue(decimal value);

    public object? ScaledValue(decimal? value) => value is { } v ? ScaledValue(v) : null;

    public abstract decimal ReadScaled(object stored);

    public decimal? ReadScaledOrNull(object? stored) => stored is null or DBNull ? null : ReadScaled(stored);

    public abstract object DateValue(DateOnly day);

    /// <summary>SQL giving a stored date column's month as <c>yyyy-MM</c> text (for grouping by calendar month).</summary>
    public abstract string MonthOf(string dateColumn);

    /// <summary>
    /// "<paramref name="column"/> is one of the ids in the list parameter <paramref name="parameter"/>": <c>IN @P</c>, which
    /// Dapper expands into one parameter per id; on PostgreSQL Dapper sends the list as one array, so <c>= ANY(@P)</c>.
    /// </summary>
    public virtual string AnyOf(string column, string parameter) => $"{column} IN @{parameter}";

    /// <summary>The value of <see cref="AnyOf"/>'s parameter: the array itself, which Dapper expands (one parameter an id) or sends as one array (PostgreSQL).</summary>
    public virtual object IdList(string[] ids) => ids;

    public object? DateValue(DateOnly? day) => day is { } d ? DateValue(d) : null;

    public static DateOnly ReadDate(object stored) => stored switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        string s => ParseDate(s),
        _ => throw new InvalidCastException($"A date column held {stored.GetType().Name}."),
    };

    /// <summary>A date stored as <c>yyyy-MM-dd</c> text (SQLite): read digit by digit (a bill run reads millions), strictly.</summary>
    private static DateOnly ParseDate(string s) => ParseDate(s.AsSpan());

    /// <summary>A date stored as <c>yyyy-MM-dd</c> text, as SQLite's UTF-8 bytes or as characters: read digit by digit, strictly.</summary>
    internal static DateOnly ParseDate<TChar>(ReadOnlySpan<TChar> s)
        where TChar : unmanaged, System.Numerics.IBinaryInteger<TChar>
    {
        static int Digits(ReadOnlySpan<TChar> s, int at, int count)
        {
            var value = 0;
            for (var i = at; i < at + count; i++)
            {
                var digit = int.CreateTruncating(s[i]) - '0';
                if ((uint)digit > 9)
                    return -1;
                value = value * 10 + digit;
            }
            return value;
        }
        var dash = TChar.CreateTruncating('-');
        if (s.Length == 10 && s[4] == dash && s[7] == dash && Digits(s, 0, 4) is var year and > 0 && Digits(s, 5, 2) is var month and >= 1 and <= 12
            && Digits(s, 8, 2) is var day and >= 1 && day <= DateTime.DaysInMonth(year, month))
            return new DateOnly(year, month, day);
        var text = typeof(TChar) == typeof(byte) ? System.Text.Encoding.UTF8.GetString(System.Runtime.InteropServices.MemoryMarshal.AsBytes(s)) : s.ToString();
        throw new FormatException($"A date column held '{text}', not a yyyy-MM-dd date.");
    }

    public static DateOnly? ReadDateOrNull(object? stored) => stored is null or DBNull ? null : ReadDate(stored);

    /// <summary>An audit timestamp as stored (always normalised to UTC).</summary>
    public abstract object TimestampValue(DateTimeOffset instant);

    public object? TimestampValue(DateTimeOffset? instant) => instant is { } i ? TimestampValue(i) : null;

    /// <summary>
    /// The parameter type of a stored timestamp, so that a null travels typed (SQL Server's
    /// <c>datetimeoffset</c>) rather than as an untyped <c>nvarchar</c> null.
    /// </summary>
    public abstract System.Data.DbType TimestampDbType { get; }

    /// <summary>A timestamp parameter, typed even when null: <c>new DynamicParameters(row)</c> then this for each nullable instant.</summary>
    public void AddTimestamp(Dapper.DynamicParameters parameters, string name, DateTimeOffset? instant)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Add(name, TimestampValue(instant), TimestampDbType);
    }

    public static DateTimeOffset ReadTimestamp(object stored) => stored switch
    {
        DateTimeOffset o => o.ToUniversalTime(),
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        _ => throw new InvalidCastException($"A timestamp column held {stored.GetType().Name}."),
    };

    public static DateTimeOffset? ReadTimestampOrNull(object? stored) => stored is null or DBNull ? null : ReadTimestamp(stored);

    public abstract object? BoolValue(bool? value);

    public static bool? ReadBool(object? stored) => stored switch
    {
        null or DBNull => null,
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        _ => Convert.ToInt64(stored, CultureInfo.InvariantCulture) != 0,
    };

    protected static decimal ToDecimal(object stored) => stored switch
    {
        decimal d => d,
        long l => l,
        int i => i,
        _ => Convert.ToDecimal(stored, CultureInfo.InvariantCulture),
    };
}

/// <summary>SQLite: money in integer minor units, scaled decimals in integer millionths, dates as text.</summary>
public sealed class SqliteDialect : SqlDialect
{
    private const decimal ScaleFactor = 1_000_000m;

    public static SqliteDialect Instance { get; } = new();

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>
    /// "One of these ids" as one JSON-array parameter read by <c>json_each</c> (the index on the column is still used, as for an
    /// <c>IN</c> list): a bill run's lookups take 100 ids each, and SQLite finds every named parameter of a command by name,
    /// one after another, each time it is bound.
    /// </summary>
    public override string AnyOf(string column, string parameter) => $"{column} IN (SELECT value FROM json_each(@{parameter}))";

    public override object IdList(string[] ids) => System.Text.Json.JsonSerializer.Serialize(ids);

    public override string UpdateLockHint => string.Empty;

    /// <summary>None: Microsoft.Data.Sqlite begins every write transaction with <c>BEGIN IMMEDIATE</c>, the database's one write lock.</summary>
    public override string? ExclusiveLockSql => null;

    public override object MoneyValue(Money.Money amount) => amount.ToMinorUnits();

    public override Money.Money ReadMoney(object stored, Currency currency) =>
        UtilityInsights.Money.Money.FromMinorUnits(Convert.ToInt64(stored, CultureInfo.InvariantCulture), currency);

    public override object ScaledValue(decimal value)
    {
        var scaled = value * ScaleFactor;
        if (scaled != decimal.Truncate(scaled))
            throw new InvalidOperationException($"{value} has more than {ScaledDigits} decimal places and cannot be stored losslessly.");
        return decimal.ToInt64(scaled);
    }

    public override decimal ReadScaled(object stored) => ToDecimal(stored) / ScaleFactor;

    public override object DateValue(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public override string MonthOf(string dateColumn) => $"substr({dateColumn}, 1, 7)";

    public override object TimestampValue(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public override System.Data.DbType TimestampDbType => System.Data.DbType.String;

    public override object? BoolValue(bool? value) => value is { } b ? (b ? 1L : 0L) : null;
}

/// <summary>SQL Server: decimal(19,4) money, decimal(19,6) scaled values, native date and datetimeoffset.</summary>
public sealed class SqlServerDialect : SqlDialect
{
    public static SqlServerDialect Instance { get; } = new();

    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public override string UpdateLockHint => " WITH (UPDLOCK, HOLDLOCK)";

    /// <summary>An application lock owned by the transaction, waited for up to two minutes; not granted, the transaction fails.</summary>
    public override string? ExclusiveLockSql => """
        DECLARE @lockResult int;
        EXEC @lockResult = sp_getapplock @Resource = @LockResource, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 120000;
        IF @lockResult < 0 THROW 51000, 'The application lock was not granted within two minutes.', 1;
        """;

    public override object MoneyValue(Money.Money amount)
    {
        if (amount.Amount != Math.Round(amount.Amount, 4))
            throw new InvalidOperationException($"{amount} has more than 4 decimal places; round it first.");
        return amount.Amount;
    }

    /// <summary>
    /// A decimal(19,4) amount comes back with four places (<c>130926.9600</c>): written with the
    /// currency's own places when nothing is lost, so that every provider prints the same money.
    /// </summary>
    public override Money.Money ReadMoney(object stored, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        var amount = ToDecimal(stored);
        var inMinorUnits = Math.Round(amount, currency.MinorDigits, MidpointRounding.AwayFromZero);
        // Adding a zero with the currency's places gives at least that many (decimal keeps the larger scale).
        return new(inMinorUnits == amount ? inMinorUnits + new decimal(0, 0, 0, false, (byte)currency.MinorDigits) : amount, currency);
    }

    public override object ScaledValue(decimal value)
    {
        if (value != Math.Round(value, ScaledDigits))
            throw new InvalidOperationException($"{value} has more than {ScaledDigits} decimal places and cannot be stored losslessly.");
        return value;
    }

    public override decimal ReadScaled(object stored) => ToDecimal(stored);

    public override object DateValue(DateOnly day) => day.ToDateTime(TimeOnly.MinValue);

    // Style 126 is ISO 8601 (yyyy-mm-ddThh:mi:ss.mmm); char(7) keeps yyyy-mm.
    public override string MonthOf(string dateColumn) => $"CONVERT(char(7), {dateColumn}, 126)";

    public override object TimestampValue(DateTimeOffset instant) => instant.ToUniversalTime();

    public override System.Data.DbType TimestampDbType => System.Data.DbType.DateTimeOffset;

    public override object? BoolValue(bool? value) => value;
}

/// <summary>
/// PostgreSQL: numeric(19,4) money and numeric(19,6) scaled values as SQL Server, native date,
/// timestamptz (written in UTC) and boolean. It has no table locking hint: its upserts rely on
/// the primary keys and unique constraints, and a transaction that loses a race (a unique
/// violation, a serialization failure, a deadlock) is rolled back and run again.
/// </summary>
public sealed class PostgreSqlDialect : SqlDialect
{
    public static PostgreSqlDialect Instance { get; } = new();

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override string UpdateLockHint => string.Empty;

    /// <summary>A transaction-level advisory lock on the name's 64-bit hash (released when the transaction ends, whatever happens).</summary>
    public override string? ExclusiveLockSql => "SELECT pg_advisory_xact_lock(hashtextextended(@LockResource, 0))";

    public override object MoneyValue(Money.Money amount) => SqlServerDialect.Instance.MoneyValue(amount);

    public override Money.Money ReadMoney(object stored, Currency currency) => SqlServerDialect.Instance.ReadMoney(stored, currency);

    public override object ScaledValue(decimal value) => SqlServerDialect.Instance.ScaledValue(value);

    public override decimal ReadScaled(object stored) => ToDecimal(stored);

    public override object DateValue(DateOnly day) => day;

    public override string MonthOf(string dateColumn) => $"to_char({dateColumn}, 'YYYY-MM')";

    public override string AnyOf(string column, string parameter) => $"{column} = ANY(@{parameter})";

    public override object TimestampValue(DateTimeOffset instant) => instant.ToUniversalTime();

    public override System.Data.DbType TimestampDbType => System.Data.DbType.DateTimeOffset;

    public override object? BoolValue(bool? value) => value;
}

