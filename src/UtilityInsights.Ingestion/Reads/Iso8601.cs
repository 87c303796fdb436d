namespace UtilityInsights.Ingestion.Reads;

/// <summary>
/// Parses the instants of the read files: ISO 8601 <c>yyyy-MM-ddTHH:mm[:ss[.fff…]]</c> followed by
/// an explicit offset (<c>Z</c> or <c>±hh:mm</c>), from UTF-8 bytes, without allocating. A time
/// without an offset is refused: on DST days it would be ambiguous.
/// </summary>
public static class Iso8601
{
    public static bool TryParseInstant(ReadOnlySpan<byte> text, out DateTimeOffset value, out string? problem)
    {
        value = default;
        problem = null;
        text = Trim(text);
        if (text.Length < 16 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') || text[13] != ':')
        {
            problem = "is not an ISO 8601 date and time (yyyy-MM-ddTHH:mm:ss±hh:mm)";
            return false;
        }
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute))
        {
            problem = "is not an ISO 8601 date and time (yyyy-MM-ddTHH:mm:ss±hh:mm)";
            return false;
        }
        var position = 16;
        var second = 0;
        long ticks = 0;
        if (position < text.Length && text[position] == ':')
        {
            if (!Digits(text, position + 1, 2, out second))
            {
                problem = "has unreadable seconds";
                return false;
            }
            position += 3;
            if (position < text.Length && text[position] == '.')
            {
                position++;
                var scale = TimeSpan.TicksPerSecond;
                var start = position;
                while (position < text.Length && text[position] is >= (byte)'0' and <= (byte)'9')
                {
                    scale /= 10;
                    ticks += (text[position] - '0') * scale;
                    position++;
                }
                if (position == start)
                {
                    problem = "has an empty fraction of a second";
                    return false;
                }
            }
        }
        TimeSpan offset;
        if (position < text.Length && text[position] is (byte)'Z' or (byte)'z' && position + 1 == text.Length)
        {
            offset = TimeSpan.Zero;
        }
        else if (position + 6 == text.Length && text[position] is (byte)'+' or (byte)'-' && text[position + 3] == ':'
                 && Digits(text, position + 1, 2, out var offsetHours) && Digits(text, position + 4, 2, out var offsetMinutes))
        {
            if (offsetMinutes > 59 || new TimeSpan(offsetHours, offsetMinutes, 0) > Time.RecordDates.MaxOffset)
            {
                problem = "has an offset outside ±14:00";
                return false;
            }
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (text[position] == '-')
                offset = -offset;
        }
        else if (position == text.Length)
        {
            problem = "has no UTC offset (add Z or ±hh:mm: local times are ambiguous on DST days)";
            return false;
        }
        else
        {
            problem = "has an unreadable UTC offset (expected Z or ±hh:mm)";
            return false;
        }
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), Math.Clamp(month, 1, 12))
            || hour > 23 || minute > 59 || second > 59)
        {
            problem = "is not a real date and time";
            return false;
        }
        if (Time.RecordDates.Problem(new DateOnly(Math.Max(year, 1), month, day)) is { } outOfRange)
        {
            problem = outOfRange;
            return false;
        }
        value = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second).AddTicks(ticks), offset);
        return true;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text) => IntervalCsv.Trim(text);

    /// <summary>
    /// Parses a file's instants one after another, as <see cref="TryParseInstant"/> does, reusing the date and the offset of the
    /// last instant it accepted when the next one repeats their text (a file's rows come a day and an offset at a time): then
    /// only the hour, minute and second are read. An instant with a fraction of a second, or without seconds, is parsed whole.
    /// </summary>
    public sealed class Reader
    {
        private const int DateLength = 10;
        private const int TimeEnd = 19;

        private readonly byte[] lastDate = new byte[DateLength];
        private readonly byte[] lastOffset = new byte[6];
        private int lastOffsetLength = -1;
        private long lastDayTicks;
        private TimeSpan lastOffsetValue;

        public bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset value, out string? problem)
        {
            text = Trim(text);
            if (lastOffsetLength >= 0 && text.Length == TimeEnd + lastOffsetLength && text[..DateLength].SequenceEqual(lastDate)
                && text[TimeEnd..].SequenceEqual(lastOffset.AsSpan(0, lastOffsetLength)) && text[10] is (byte)'T' or (byte)' '
                && text[13] == ':' && text[16] == ':' && TwoDigits(text[11], text[12]) is var hour and >= 0 and <= 23
                && TwoDigits(text[14], text[15]) is var minute and >= 0 and <= 59 && TwoDigits(text[17], text[18]) is var second and >= 0 and <= 59)
            {
                problem = null;
                value = new DateTimeOffset(lastDayTicks + new TimeSpan(hour, minute, second).Ticks, lastOffsetValue);
                return true;
            }
            if (!TryParseInstant(text, out value, out problem))
                return false;
            // Remembered only from the plain form: seconds, no fraction, then the offset.
            if (text.Length > TimeEnd && text.Length - TimeEnd <= lastOffset.Length && text[16] == ':' && text[TimeEnd] != '.')
            {
                text[..DateLength].CopyTo(lastDate);
                text[TimeEnd..].CopyTo(lastOffset);
                lastOffsetLength = text.Length - TimeEnd;
                lastDayTicks = value.DateTime.Date.Ticks;
                lastOffsetValue = value.Offset;
            }
            return true;
        }
    }

    /// <summary>The number two ASCII digits make, or −1 when either is not a digit.</summary>
    private static int TwoDigits(byte tens, byte units) =>
        tens - (uint)'0' <= 9 && units - (uint)'0' <= 9 ? (tens - '0') * 10 + (units - '0') : -1;

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length)
            return false;
        for (var i = start; i < start + count; i++)
        {
            var d = text[i] - '0';
            if (d is < 0 or > 9)
                return false;
            value = value * 10 + d;
        }
        return true;
    }
}
