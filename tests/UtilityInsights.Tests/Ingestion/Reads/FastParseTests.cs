using System.Buffers.Text;
using System.Text;
using CsCheck;
using UtilityInsights.Ingestion.Reads;

namespace UtilityInsights.Tests.Ingestion.Reads;

/// <summary>
/// The shortcuts of the interval reader against the full parses they stand in for: the same value (digits, scale, offset) and
/// the same refusal, whatever the text.
/// </summary>
public class FastParseTests
{
    private static readonly Gen<string> Digits = Gen.String[Gen.Char['0', '9'], 0, 12];

    /// <summary>Quantities as files write them and near every edge of the shortcut: signs, leading and trailing zeros, digit counts, stray characters.</summary>
    private static readonly Gen<string> QuantityText = Gen.OneOf(
        Gen.Select(Gen.OneOf(Gen.Const(""), Gen.Const("-"), Gen.Const("+"), Gen.Const(" ")), Digits, Gen.OneOf(Gen.Const(""), Gen.Const("."), Gen.Const(","), Gen.Const("e")), Digits,
            Gen.OneOf(Gen.Const(""), Gen.Const(" "), Gen.Const("x"), Gen.Const("\t")))
            .Select((sign, whole, point, fraction, tail) => sign + whole + point + fraction + tail),
        Gen.Decimal.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.OneOf(Gen.Const("-0"), Gen.Const("-0.000"), Gen.Const("0.000000"), Gen.Const("999999999.999999"), Gen.Const("1000000000"), Gen.Const("0999999999.5"),
            Gen.Const("1.0000005"), Gen.Const("-1.0000005"), Gen.Const(".5"), Gen.Const("5."), Gen.Const("1e3"), Gen.Const("NaN")));

    [Test]
    public void A_quantity_is_the_decimal_the_full_parse_gives_digit_for_digit_and_scale_for_scale()
    {
        QuantityText.Sample(text =>
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var parsed = IntervalCsv.TryParseQuantity(bytes, out var value, out var problem);
            var expected = Reference(bytes, out var expectedValue, out var expectedProblem);
            Assert.That((parsed, problem), Is.EqualTo((expected, expectedProblem)), text);
            Assert.That(decimal.GetBits(value), Is.EqualTo(decimal.GetBits(expectedValue)), text);
        }, iter: 20_000);

        // What TryParseQuantity did before its shortcut: Utf8Parser's decimal, bounded, rounded to six places.
        static bool Reference(byte[] bytes, out decimal value, out string? problem)
        {
            var text = bytes.AsSpan().Trim((byte)' ').Trim((byte)'\t').Trim((byte)' ');
            problem = null;
            value = 0;
            if (text.Length == 0)
            {
                problem = "is empty";
                return false;
            }
            if (!Utf8Parser.TryParse(text, out value, out var consumed, 'F') || consumed != text.Length)
            {
                problem = "is not a decimal number (plain notation, no exponent, NaN or infinity)";
                return false;
            }
            if (Math.Abs(value) > IntervalCsv.MaxMagnitude)
            {
                problem = $"is implausibly large (over {IntervalCsv.MaxMagnitude:0} per interval)";
                return false;
            }
            value = Math.Round(value, 6, MidpointRounding.AwayFromZero);
            return true;
        }
    }

    /// <summary>Instants in runs that share a date and an offset, with changes of date, offset, form and broken times among them.</summary>
    private static readonly Gen<string> InstantText = Gen.Select(
            Gen.OneOf(Gen.Const("2025-03-09"), Gen.Const("2025-03-10"), Gen.Const("2024-02-29"), Gen.Const("2025-02-29"), Gen.Const("1899-12-31"), Gen.Const("2025-3-09")),
            Gen.OneOf(Gen.Const('T'), Gen.Const(' '), Gen.Const('t')),
            Gen.Int[0, 25], Gen.Int[0, 61], Gen.Int[0, 61],
            Gen.OneOf(Gen.Const(""), Gen.Const(".5"), Gen.Const(".")),
            Gen.OneOf(Gen.Const("Z"), Gen.Const("z"), Gen.Const("-05:00"), Gen.Const("+05:30"), Gen.Const("+14:01"), Gen.Const(""), Gen.Const("-0500"), Gen.Const("Zx")),
            Gen.Int[0, 9])
        .Select((date, separator, hour, minute, second, fraction, offset, form) => form switch
        {
            0 => $"{date}{separator}{hour:00}:{minute:00}{offset}",
            1 => $" {date}{separator}{hour:00}:{minute:00}:{second:00}{offset} ",
            2 => $"{date}{separator}{hour}:{minute:00}:{second:00}{offset}",
            3 => $"{date}{separator}{hour:00}:{minute:00}:{second:00}{fraction}{offset}",
            _ => $"{date}{separator}{hour:00}:{minute:00}:{second:00}{offset}",
        });

    [Test]
    public void Instants_read_one_after_another_are_what_each_parsed_alone_gives()
    {
        InstantText.Array[1, 60].Sample(texts =>
        {
            var reader = new Iso8601.Reader();
            foreach (var text in texts)
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                var parsed = reader.TryParse(bytes, out var value, out var problem);
                var expected = Iso8601.TryParseInstant(bytes, out var expectedValue, out var expectedProblem);
                Assert.That((parsed, value, value.Offset, problem), Is.EqualTo((expected, expectedValue, expectedValue.Offset, expectedProblem)), text);
            }
        }, iter: 3_000);
    }
}
