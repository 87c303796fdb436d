using UtilityInsights.Domain;
using UtilityInsights.Programs;

namespace UtilityInsights.Ingestion.Csv;

/// <summary>One row of an evaluator's assignment file.</summary>
public sealed record ProgramAssignmentRow(long Line, string Account, ProgramArm Arm);

/// <summary>An assignment made elsewhere (an evaluator's randomisation): <c>account_id,group</c> rows, the group <c>treatment</c> or <c>control</c>.</summary>
public static class ProgramAssignmentCsv
{
    public static readonly IReadOnlyList<string> Columns = ["account_id", "group"];

    public static IEnumerable<RowResult<ProgramAssignmentRow>> Read(string path, CancellationToken cancellationToken = default) =>
        CanonicalCsvReader.Read(path, Columns, Map, cancellationToken);

    private static RowResult<ProgramAssignmentRow> Map(CsvRecord row)
    {
        var account = row.Text("account_id");
        if (Identifier.Problem(account) is { } problem)
            return new(row.Line, null, row.Reject("account_id", problem));
        if (ProgramArms.Parse(row.Text("group")) is not { } arm)
            return new(row.Line, null, row.Reject("group", "is not treatment or control"));
        return new(row.Line, new ProgramAssignmentRow(row.Line, account, arm), null);
    }
}
