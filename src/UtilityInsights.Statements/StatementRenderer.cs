using System.Reflection;
using System.Text.Json;
using Scriban;
using Scriban.Runtime;

namespace UtilityInsights.Statements;

/// <summary>
/// Renders statements with Scriban from the templates folder. All templates are parsed when the
/// renderer is created, and any error stops it (fail fast). Rendering is sandboxed: only the
/// prepared model and the language's strings are visible, only their public properties can be read,
/// variables must exist (strict), loops and recursion are limited, and no template can include a file
/// (there is no template loader).
/// </summary>
public sealed class StatementRenderer
{
    private readonly Template html;
    private readonly Template text;
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> strings;

    private StatementRenderer(Template html, Template text, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> strings)
    {
        this.html = html;
        this.text = text;
        this.strings = strings;
    }

    /// <summary>Version of the templates in use, recorded with each statement.</summary>
    public string TemplateVersion { get; private init; } = string.Empty;

    /// <summary>The templates shipped beside the program (<c>templates/</c> in the output folder).</summary>
    public static StatementRenderer Default() => Load(Path.Combine(AppContext.BaseDirectory, "templates"));

    public static StatementRenderer Load(string folder)
    {
        if (!Directory.Exists(folder))
            throw new UserErrorException($"{folder}: the statement templates folder is missing.");
        var htmlTemplate = Parse(Path.Combine(folder, "statement.html.sbn"));
        var textTemplate = Parse(Path.Combine(folder, "statement.txt.sbn"));
        var languages = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(folder, "i18n"), "*.json"))
            languages[Path.GetFileNameWithoutExtension(file)] = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file))!;
        if (!languages.TryGetValue("en", out var english))
            throw new UserErrorException($"{folder}/i18n/en.json: the English strings are missing.");
        foreach (var (language, table) in languages)
        {
            var missing = english.Keys.Except(table.Keys).ToList();
            if (missing.Count > 0)
                throw new UserErrorException($"{folder}/i18n/{language}.json: missing {string.Join(", ", missing)}.");
        }
        var sources = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllText);
        var version = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Concat(sources))))[..12];
        return new StatementRenderer(htmlTemplate, textTemplate, languages) { TemplateVersion = "tpl-" + version.ToLowerInvariant() };
    }

    public IReadOnlyDictionary<string, string> Strings(string language) => strings.GetValueOrDefault(language) ?? strings["en"];

    public string RenderHtml(StatementModel model) => Render(html, model);

    public string RenderText(StatementModel model) => Render(text, model);

    private string Render(Template template, StatementModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var globals = new ScriptObject();
        globals.Add("model", model);
        var labels = new ScriptObject();
        foreach (var (key, value) in Strings(model.Language))
            labels.Add(key, value);
        globals.Add("t", labels);
        var context = new TemplateContext
        {
            StrictVariables = true,
            LoopLimit = 1_000,
            RecursiveLimit = 20,
            LimitToString = 1_000_000,
            TemplateLoader = null,
            MemberRenamer = StandardMemberRenamer.Default,
            MemberFilter = member => member is PropertyInfo,
        };
        context.PushGlobal(globals);
        return template.Render(context);
    }

    private static Template Parse(string path)
    {
        if (!File.Exists(path))
            throw new UserErrorException($"{path}: statement template missing.");
        var template = Template.Parse(File.ReadAllText(path), path);
        if (template.HasErrors)
            throw new UserErrorException($"{path}: template errors: {string.Join("; ", template.Messages.Select(m => m.ToString()))}");
        return template;
    }
}
