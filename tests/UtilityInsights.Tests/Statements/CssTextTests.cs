using UtilityInsights.Statements;

namespace UtilityInsights.Tests.Statements;

/// <summary>A page foot's text as a CSS string literal (for the HTML statement's print CSS) and back (for the PDF laid out without CSS).</summary>
public class CssTextTests
{
    [TestCase("Account number A-000001")]
    [TestCase("Número de cuenta A-000001")]
    [TestCase("O'Brien \"& Sons\" \\ </style> {x} ;\n")]
    [TestCase("")]
    public void A_literal_holds_exactly_its_text_with_nothing_that_could_end_the_rule(string text)
    {
        var literal = CssText.Literal(text);
        Assert.That(literal[1..^1], Does.Not.Contain("\"").And.Not.Contain("<").And.Not.Contain(";").And.Not.Contain("\n"));
        Assert.That(CssText.Value(literal), Is.EqualTo(text));
    }

    [TestCase("no quotes")]
    [TestCase("\"\\zz\"")]
    public void Anything_else_is_refused(string literal) => Assert.That(() => CssText.Value(literal), Throws.TypeOf<FormatException>());
}
