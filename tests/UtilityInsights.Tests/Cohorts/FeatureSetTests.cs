using UtilityInsights.Cohorts;

namespace UtilityInsights.Tests.Cohorts;

public class FeatureSetTests
{
    private static CohortHome Home(string id, params (string Column, string Value)[] extras) =>
        new(id, "cold", null, 10) { FloorArea = 1500, Occupants = 2, YearBuilt = 1990, Extras = extras.ToDictionary(e => e.Column, e => e.Value) };

    private static readonly CohortFeatures.Medians Medians = new(1800, 2, 1980);

    [Test]
    public void A_column_of_numbers_is_numeric_with_blanks_at_its_median_and_any_other_column_is_one_indicator_per_level()
    {
        List<CohortHome> homes =
        [
            Home("a", ("hdd65", "5000"), ("tenure", "owner"), ("gas", "true")),
            Home("b", ("hdd65", "3000"), ("tenure", "renter"), ("gas", "false")),
            Home("c", ("hdd65", ""), ("tenure", "owner"), ("gas", "")),
            Home("d", ("hdd65", "4000"), ("tenure", ""), ("gas", "true")),
        ];

        var set = FeatureSet.For(homes, null);
        var c = set.Of(homes[2], Medians);
        var d = set.Of(homes[3], Medians);
        float At(float[] vector, string name) => vector[set.Names.ToList().IndexOf(name)];

        Assert.Multiple(() =>
        {
            Assert.That(set.Names, Is.SupersetOf(new[] { "floor_area_sqft", "hdd65", "gas", "tenure=owner", "tenure=renter" }));
            Assert.That(At(c, "hdd65"), Is.EqualTo(4000f), "a blank takes the column's median");
            Assert.That(At(d, "gas"), Is.EqualTo(1f), "true/false are 1/0");
            Assert.That((At(c, "tenure=owner"), At(c, "tenure=renter")), Is.EqualTo((1f, 0f)));
            Assert.That((At(d, "tenure=owner"), At(d, "tenure=renter")), Is.EqualTo((0f, 0f)), "a blank category is no level");
            Assert.That(set.Columns.Count(col => col == "tenure"), Is.EqualTo(2), "a column's levels belong to it");
        });
    }

    [Test]
    public void Chosen_features_are_the_only_ones_and_an_unknown_one_is_a_user_error_listing_what_there_is()
    {
        List<CohortHome> homes = [Home("a", ("hdd65", "5000")), Home("b", ("hdd65", "3000"))];

        Assert.That(FeatureSet.For(homes, ["occupants", "hdd65"]).Names, Is.EqualTo(new[] { "occupants", "hdd65" }));
        Assert.That(() => FeatureSet.For(homes, ["zip"]), Throws.TypeOf<UserErrorException>().With.Message.Contains("'zip'").And.Message.Contains("hdd65"));
    }
}
