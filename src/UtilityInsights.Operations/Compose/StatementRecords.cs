using System.Collections.Concurrent;
using UtilityInsights.Statements;
using UtilityInsights.Storage;

namespace UtilityInsights.Operations.Compose;

/// <summary>
/// The bill of record: the statement document stored with a bill (<see cref="StatementDocument"/>)
/// and the templates it was rendered with (<see cref="TemplateSet"/>, kept once per version when a
/// bill run stores bills). Every channel that shows an existing bill renders its document with its
/// own templates, so a later change to the templates, strings or glossary never changes what a
/// customer was sent. A bill whose templates were not kept (stored before schema 0012) renders with
/// the current ones.
/// </summary>
public sealed class StatementRecords(UtilityDatabase database, StatementRenderer current)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<StatementRenderer>>> renderers = new(StringComparer.Ordinal);

    /// <summary>The templates the program ships today.</summary>
    public StatementRenderer Current { get; } = current ?? throw new ArgumentNullException(nameof(current));

    /// <summary>Keeps the current templates (once per version): a bill run calls it before it stores bills rendered with them.</summary>
    public Task KeepCurrentTemplatesAsync(CancellationToken cancellationToken) =>
        database.TemplateSets.SaveAsync(Current.TemplateVersion, TemplateSet.Write(Current.Files), cancellationToken);

    /// <summary>The renderer of a template version: the current one, or the kept set (made once), or the current one when the set was never kept.</summary>
    public Task<StatementRenderer> RendererForAsync(string templateVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(templateVersion);
        if (templateVersion == Current.TemplateVersion)
            return Task.FromResult(Current);
        return OnceCache.GetAsync(renderers, templateVersion, async () =>
            await database.TemplateSets.GetAsync(templateVersion, cancellationToken) is { } stored
                ? StatementRenderer.FromFiles(TemplateSet.Read(stored), $"template set {templateVersion}")
                : Current);
    }

    /// <summary>The statement a bill was sent with and the renderer of its templates, or null for a bill stored before statement documents were kept (schema 0011).</summary>
    public async Task<(StatementModel Model, StatementRenderer Renderer)?> LoadAsync(string billId, CancellationToken cancellationToken)
    {
        var document = await database.Bills.DocumentAsync(billId, cancellationToken);
        if (document is null)
            return null;
        var (model, version) = StatementDocument.Read(document.Content);
        return (model, await RendererForAsync(version, cancellationToken));
    }
}
