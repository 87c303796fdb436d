using System.Collections.Concurrent;
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
    private readonly Template sms;
    private readonly Template noticeHtml;
    private readonly Template noticeText;
    private readonly Template noticeSms;
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> strings;
    private readonly Dictionary<string, ScriptObject> labels;

    private StatementRenderer(Template[] templates, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> strings)
    {
        (html, text, sms, noticeHtml, noticeText, noticeSms) = (templates[0], templates[1], templates[2], templates[3], templates[4], templates[5]);
        this.strings = strings;
        // Each language's strings as the read-only "t" object the templates see, made once.
        labels = strings.ToDictionary(l => l.Key, l =>
        {
            var table = new ScriptObject();
            foreach (var (key, value) in l.Value)
                table.Add(key, value);
            table.IsReadOnly = true;
            return table;
        }, StringComparer.Ordinal);
    }

    private static readonly string[] TemplateFiles = ["statement.html.sbn", "statement.txt.sbn", "statement.sms.sbn", "notice.html.sbn", "notice.txt.sbn", "notice.sms.sbn"];

    /// <summary>The longest SMS summary sent: one 160-septet GSM 7-bit message (<see cref="SmsText"/>).</summary>
    public const int SmsLength = SmsText.Length;

    /// <summary>Charge wording in the statement's language (the engine's phrases and the glossary of tariff names).</summary>
    public LineWording Wording { get; private init; } = LineWording.English;

    /// <summary>Version of the templates in use, recorded with each statement.</summary>
    public string TemplateVersion { get; private init; } = string.Empty;

    /// <summary>The templates shipped beside the program (<c>templates/</c> in the output folder).</summary>
    public static StatementRenderer Default() => Load(Path.Combine(AppContext.BaseDirectory, "templates"));

    /// <summary>Every file of the templates folder by its path inside it ('/' between folders): what <see cref="TemplateVersion"/> is the hash of.</summary>
    public IReadOnlyDictionary<string, string> Files { get; private init; } = new Dictionary<string, string>();

    public static StatementRenderer Load(string folder)
    {
        if (!Directory.Exists(folder))
            throw new UserErrorException($"{folder}: the statement templates folder is missing.");
        var root = Path.GetFullPath(folder);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText, StringComparer.Ordinal);
        return FromFiles(files, folder);
    }

    /// <summary>
    /// A renderer from a set of template files (paths as in <see cref="Files"/>) — the folder shipped
    /// with the program, or a set kept in the database for the bills it rendered.
    /// </summary>
    public static StatementRenderer FromFiles(IReadOnlyDictionary<string, string> files, string source)
    {
        ArgumentNullException.ThrowIfNull(files);
        string Text(string name) => files.TryGetValue(name, out var text) ? text : throw new UserErrorException($"{source}/{name}: statement template missing.");
        var templates = TemplateFiles.Select(name => Parse(Text(name), $"{source}/{name}")).ToArray();
        var languages = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var glossaries = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (name, text) in files)
        {
            if (name.StartsWith("i18n/", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
                languages[Path.GetFileNameWithoutExtension(name)] = ReadStrings(text, $"{source}/{name}");
            else if (name.StartsWith("glossary/", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
                glossaries[Path.GetFileNameWithoutExtension(name)] = ReadStrings(text, $"{source}/{name}");
        }
        if (!languages.TryGetValue("en", out var english))
            throw new UserErrorException($"{source}/i18n/en.json: the English strings are missing.");
        foreach (var (language, table) in languages)
        {
            var missing = english.Keys.Except(table.Keys).ToList();
            if (missing.Count > 0)
                throw new UserErrorException($"{source}/i18n/{language}.json: missing {string.Join(", ", missing)}.");
        }
        // The files in the order of their paths (as the folder's full paths sort), concatenated and hashed.
        var sources = files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Value);
        var version = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Concat(sources))))[..12];
        return new StatementRenderer(templates, languages)
        {
            TemplateVersion = "tpl-" + version.ToLowerInvariant(),
            Wording = new LineWording(glossaries),
            Files = files,
        };
    }

    public IReadOnlyDictionary<string, string> Strings(string language) => strings.GetValueOrDefault(language) ?? strings["en"];

    public string RenderHtml(StatementModel model) => Render(html, model, model?.Language);

    public string RenderText(StatementModel model) => Render(text, model, model?.Language);

    /// <summary>The statement in one SMS: GSM 7-bit, at most <see cref="SmsLength"/> septets, the link whole (<see cref="SmsText.OneMessage"/>).</summary>
    public string RenderSms(StatementModel model) => SmsText.OneMessage(Render(sms, model, model?.Language), model?.Utility.Website ?? "");

    /// <summary>A reminder as one text message of at most <see cref="SmsLength"/> characters.</summary>
    public string RenderNoticeSms(NoticeModel model) => SmsText.OneMessage(Render(noticeSms, model, model?.Language), model?.Utility.Website ?? "");

    public string RenderNoticeHtml(NoticeModel model) => Render(noticeHtml, model, model?.Language);

    public string RenderNoticeText(NoticeModel model) => Render(noticeText, model, model?.Language);

    private string Render(Template template, object? model, string? language)
    {
        ArgumentNullException.ThrowIfNull(model);
        var globals = new ScriptObject { { "model", model }, { "t", labels.GetValueOrDefault(language ?? "en") ?? labels["en"] } };
        // One context per thread, kept between renders (a bill run renders three templates for every
        // account); how to read each model type's members is learnt once per process (SandboxContext).
        var context = threadContext ??= NewContext();
        context.PushGlobal(globals);
        try
        {
            return template.Render(context);
        }
        catch
        {
            // A render that failed half-way may leave state behind: the next one starts afresh.
            threadContext = null;
            throw;
        }
        finally
        {
            if (context == threadContext)
            {
                context.PopGlobal();
                context.Reset();
            }
        }
    }

    [ThreadStatic]
    private static TemplateContext? threadContext;

    private static SandboxContext NewContext() => new()
    {
        StrictVariables = true,
        LoopLimit = 1_000,
        RecursiveLimit = 20,
        LimitToString = 1_000_000,
        TemplateLoader = null,
        MemberRenamer = StandardMemberRenamer.Default,
        MemberFilter = member => member is PropertyInfo,
    };

    /// <summary>
    /// The renderer's context: Scriban's own, except that how to read a type's members is learnt once
    /// per process. Scriban keeps what it learnt per context and forgets it at every <c>Reset</c> (after
    /// each render), so a statement's dozen record types were reflected over again for every statement.
    /// The cache is only valid because every context here has the same member filter and renamer
    /// (<see cref="NewContext"/>); an accessor holds nothing of a render and is only read once made.
    /// </summary>
    private sealed class SandboxContext : TemplateContext
    {
        private static readonly ConcurrentDictionary<Type, IObjectAccessor?> Accessors = new();

        protected override IObjectAccessor? GetMemberAccessorImpl(object target)
        {
            var type = target.GetType();
            if (!Accessors.TryGetValue(type, out var accessor))
            {
                accessor = base.GetMemberAccessorImpl(target);
                Accessors.TryAdd(type, accessor);
            }
            return accessor;
        }
    }

    private static Dictionary<string, string> ReadStrings(string json, string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json)
                ?? throw new UserErrorException($"{path}: empty; expected an object of strings.");
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{path}: not an object of strings ({e.Message}).");
        }
    }

    private static Template Parse(string text, string path)
    {
        var template = Template.Parse(text, path);
        if (template.HasErrors)
            throw new UserErrorException($"{path}: template errors: {string.Join("; ", template.Messages.Select(m => m.ToString()))}");
        return template;
    }
}
