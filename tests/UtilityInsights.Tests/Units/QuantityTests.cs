using UtilityInsights.Units;

namespace UtilityInsights.Tests.Units;

public class QuantityTests
{
    [Test]
    public void Watt_hours_convert_to_kilowatt_hours_exactly()
    {
        Assert.That(new Quantity(1234m, Unit.Wh).ConvertTo(Unit.KWh), Is.EqualTo(new Quantity(1.234m, Unit.KWh)));
    }

    [Test]
    public void Quantities_of_the_same_dimension_add_in_the_left_unit()
    {
        Assert.That(Quantity.KWh(1m) + new Quantity(500m, Unit.Wh), Is.EqualTo(Quantity.KWh(1.5m)));
    }

    [Test]
    public void Energy_and_gas_volume_do_not_add()
    {
        Assert.Throws<InvalidOperationException>(() => _ = Quantity.KWh(1m) + new Quantity(1m, Unit.Ccf));
    }

    [Test]
    public void CCF_becomes_therms_only_with_a_heat_factor()
    {
        var gas = new Quantity(10m, Unit.Ccf);

        Assert.Throws<InvalidOperationException>(() => gas.ConvertTo(Unit.Therm));
        Assert.That(gas.ToTherms(1.037m), Is.EqualTo(Quantity.Therms(10.37m)));
    }

    [Test]
    public void An_implausible_heat_factor_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Quantity(1m, Unit.Ccf).ToTherms(0m));
    }

    [TestCase("kwh", Unit.KWh)]
    [TestCase("KWH", Unit.KWh)]
    [TestCase("therms", Unit.Therm)]
    [TestCase("m3", Unit.CubicMetre)]
    [TestCase("gal", Unit.Gallon)]
    public void Unit_spellings_parse_case_insensitively(string text, Unit expected)
    {
        Assert.That(UnitInfo.TryParse(text, out var unit), Is.True);
        Assert.That(unit, Is.EqualTo(expected));
    }

    [Test]
    public void An_unknown_unit_does_not_parse()
    {
        Assert.That(UnitInfo.TryParse("BTU", out _), Is.False);
    }
}
