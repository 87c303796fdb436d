using System.Text.Json;
using Serilog;
using UtilityInsights.Rating;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Operations.Tariffs;

/// <summary>One tariff of an imported file: its id and name, the version it is now, and whether this import added that version.</summary>
public sealed record ImportedTariff(string Id, string Name, int Version, bool Added);

/// <summary>Tariff files (the project's JSON or an OpenEI URDB response) read and stored as effective-dated versions.</summary>
public static class TariffImport
{
    /// <summary>Every tariff of a file; a missing file or a tariff that cannot be billed is a user error naming the file and the reason.</summary>
    public static IReadOnlyList<Tariff> LoadFile(string path, IReadOnlyCollection<string>? textCharges = null) => Load(path, textCharges).Tariffs;

    /// <summary>
    /// A tariff file of a folder being compared: its tariffs with the text charges among <paramref name="textCharges"/> that it
    /// has, or the reason it is refused (a comparison lists refused files and goes on).
    /// </summary>
    public static (IReadOnlyList<Tariff>? Tariffs, string? Refusal) TryLoadForComparison(string path, IReadOnlyCollection<string> textCharges)
    {
        try
        {
            return (TariffFiles.Parse(TariffFiles.WithTextCharges(File.ReadAllText(path), textCharges, everyNameUsed: false)), null);
        }
        catch (TariffException e)
        {
            return (null, e.Message);
        }
        catch (JsonException e)
        {
            return (null, $"the JSON cannot be read ({e.Message})");
        }
    }

    /// <summary>The file's tariffs and its text as it is stored: with the analyst's resolution of its charges written only as text (<c>--text-charge</c>).</summary>
    private static (IReadOnlyList<Tariff> Tariffs, string Json) Load(string path, IReadOnlyCollection<string>? textCharges)
    {
        if (!File.Exists(path))
            throw new UserErrorException($"{path}: file not found.");
        try
        {
            var json = TariffFiles.WithTextCharges(File.ReadAllText(path), textCharges ?? []);
            return (TariffFiles.Parse(json), json);
        }
        catch (TariffException e)
        {
            throw new UserErrorException($"{path}: tariff refused: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{path}: tariff refused: the JSON cannot be read ({e.Message})", e);
        }
    }

    /// <summary>Imports every tariff of a file (a refused tariff is a user error naming it); a changed document adds a version.</summary>
    public static async Task<IReadOnlyList<ImportedTariff>> ImportFileAsync(UtilityDatabase database, string path,
        TimeProvider clock, ILogger log, CancellationToken cancellationToken, IReadOnlyCollection<string>? textCharges = null)
    {
        var (tariffs, json) = Load(path, textCharges);
        var documents = Documents(json);
        var imported = new List<ImportedTariff>();
        for (var i = 0; i < tariffs.Count; i++)
        {
            var tariff = tariffs[i];
            var source = documents[i].Contains(NativeTariffReader.Format, StringComparison.Ordinal) ? "native" : "urdb";
            var (version, added) = await database.Tariffs.SaveVersionAsync(new TariffHeader(tariff.Id, tariff.Name, tariff.Utility, "electricity", source),
                tariff.EffectiveFrom, null, documents[i], clock, cancellationToken);
            imported.Add(new ImportedTariff(tariff.Id, tariff.Name, version, added));
            log.Information("Tariff {TariffId} version {Version} ({Status})", tariff.Id, version, added ? "added" : "unchanged");
        }
        return imported;
    }

    /// <summary>The JSON text of each tariff in a file, in the order the parser returns them (one per URDB item).</summary>
    private static List<string> Documents(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var items)
            ? items.EnumerateArray().Select(i => i.GetRawText()).ToList()
            : [root.GetRawText()];
    }
}
