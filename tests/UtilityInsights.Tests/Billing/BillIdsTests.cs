using UtilityInsights.Billing;
using UtilityInsights.Domain;

namespace UtilityInsights.Tests.Billing;

public class BillIdsTests
{
    [Test]
    public void A_bill_id_names_its_cycle_and_a_foreign_reference_names_none()
    {
        Assert.Multiple(() =>
        {
            Assert.That(BillIds.CycleOf(BillIds.For("2026-01", new AccountId("A-000001"), 2)), Is.EqualTo("2026-01"));
            Assert.That(BillIds.CycleOf("PAY-1"), Is.Empty);
            Assert.That(BillIds.CycleOf("B-20"), Is.Empty);
        });
    }
}
