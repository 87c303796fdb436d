using System.Globalization;
using CsvHelper;
using UtilityInsights.Domain;

namespace UtilityInsights.Operations.Issue;

/// <summary>
/// A run's paper statements as print-ready batches: up to <see cref="PrintBatch.MaxStatements"/>
/// statements in one PDF (<c>print/statements-0001.pdf</c>; a distributed batch's
/// <c>statements-0007-01.pdf</c>), each starting on a new sheet, with the batch's own manifest beside
/// it (<c>statements-0001.csv</c>: bill, account, name, mailing address, first page, pages and sheets —
/// what a print vendor takes). The PDF is written first, then its manifest, each whole or not at all;
/// a batch counts once its manifest exists. Its rows then go to the cycle's <c>manifest.csv</c> and
/// only then are its bills issued. A run stopped anywhere in between is mended by the next: a
/// batch's rows missing from <c>manifest.csv</c> are added from the batch's manifest (its bills are
/// delivered, not printed again), and a PDF left without a manifest is overwritten by the next batch
/// of the same number.
/// </summary>
public sealed class PaperBatches
{
    /// <summary>The columns of <c>manifest.csv</c> and of each batch's manifest.</summary>
    public static readonly string[] Header = ["bill_id", "account_id", "name", "mailing_address", "statement", "first_page", "pages", "sheets"];

    private readonly string folder;
    private readonly string prefix;
    private readonly string digits;
    private readonly PrintBatch print;
    private readonly DeliveryList manifest;
    private readonly List<(string BillId, Account Account, PrintDocument Document)> pending = [];
    private int next;

    /// <param name="folder">The cycle's <c>print</c> folder.</param>
    /// <param name="batch">The distributed batch this run is (its number names the files), or null for a whole run.</param>
    /// <param name="print">The printer (PDFs).</param>
    /// <param name="manifest">The run's <c>manifest.csv</c>; batches' rows missing from it are added now.</param>
    public PaperBatches(string folder, DeliveryBatch? batch, PrintBatch print, DeliveryList manifest)
    {
        ArgumentNullException.ThrowIfNull(print);
        ArgumentNullException.ThrowIfNull(manifest);
        this.folder = folder;
        this.print = print;
        this.manifest = manifest;
        (prefix, digits) = batch is null ? ("statements-", "D4") : ($"statements-{batch.Number:D4}-", "D2");
        var written = Directory.Exists(folder) ? Directory.GetFiles(folder, $"{prefix}*.csv") : [];
        foreach (var file in written.Order(StringComparer.Ordinal))
        {
            if (!int.TryParse(Path.GetFileNameWithoutExtension(file).AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                continue;
            next = Math.Max(next, number);
            using var reader = CsvReader.FromFile(file, new CsvReaderOptions { HasHeader = true, FieldCountMismatch = CsvFieldCountHandling.Allow });
            reader.ReadHeader();
            while (reader.Read())
                manifest.Add(Enumerable.Range(0, Header.Length).Select(i => reader.GetString(i)).ToArray());
        }
    }

    /// <summary>Whether the bill's statement is in a batch already (a re-run issues it without printing it again).</summary>
    public bool Printed(string billId) => manifest.Contains(billId);

    /// <summary>The bills whose statements wait for the next batch.</summary>
    public IReadOnlyList<(string BillId, Account Account)> Waiting => pending.Select(p => (p.BillId, p.Account)).ToList();

    /// <summary>Whether the next batch is full (then <see cref="PrintAsync"/> it).</summary>
    public bool Full => pending.Count >= PrintBatch.MaxStatements;

    /// <summary>Adds a statement to the next batch: its HTML and, when it has a document of record, the statement to lay out for paper.</summary>
    public void Add(string billId, Account account, string html, PaperStatement? statement = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        var document = new PrintDocument(account.Id.Value, html, statement);
        pending.Add((billId, account, document));
        // The printer may start on it now, while the rest of the batch is gathered.
        print.Prepare(document);
    }

    /// <summary>Prints the waiting statements as one batch, writes its manifest and lists its rows; returns the bills delivered.</summary>
    public async Task<IReadOnlyList<(string BillId, Account Account)>> PrintAsync(CancellationToken cancellationToken) =>
        Start(cancellationToken) is { } batch ? await FinishAsync(batch, cancellationToken) : [];

    /// <summary>A batch being printed: its name, its bills and the printing under way.</summary>
    public sealed record Printing(string Name, IReadOnlyList<(string BillId, Account Account)> Bills, Task<IReadOnlyList<PrintedPlacement>> Pdf);

    /// <summary>
    /// Starts printing the waiting statements as the next batch and returns at once (the printer draws it in the background),
    /// or null when none wait; <see cref="FinishAsync"/> lists it. One batch is printed at a time: finish it before the next.
    /// </summary>
    public Printing? Start(CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
            return null;
        var waiting = pending.ToList();
        pending.Clear();
        var name = prefix + (next + 1).ToString(digits, CultureInfo.InvariantCulture);
        var pdf = OutputPaths.Inside(folder, $"{name}.pdf");
        return new Printing(name, waiting.Select(w => (w.BillId, w.Account)).ToList(),
            print.PrintBatchAsync(waiting.Select(w => w.Document).ToList(), pdf, cancellationToken));
    }

    /// <summary>Waits for the batch's PDF, then writes its manifest and lists its rows; returns the bills delivered.</summary>
    public async Task<IReadOnlyList<(string BillId, Account Account)>> FinishAsync(Printing batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var placements = await batch.Pdf;
        var rows = batch.Bills.Select((w, i) => Row(w.BillId, w.Account, $"{batch.Name}.pdf", placements[i], print.Duplex)).ToList();
        await WriteManifestAsync(OutputPaths.Inside(folder, $"{batch.Name}.csv"), rows, cancellationToken);
        next++;
        foreach (var row in rows)
            manifest.Add(row);
        return batch.Bills;
    }

    /// <summary>A manifest row; <paramref name="placement"/> is null for a statement sent as its own HTML file.</summary>
    public static string[] Row(string billId, Account account, string statement, PrintedPlacement? placement, bool duplex)
    {
        ArgumentNullException.ThrowIfNull(account);
        return
        [
            billId, account.Id.Value, account.Name, account.MailingAddress.Length > 0 ? account.MailingAddress : account.ServiceAddress, statement,
            Number(placement?.FirstPage), Number(placement?.Pages), Number(placement?.Sheets(duplex)),
        ];
    }

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static async Task WriteManifestAsync(string path, IReadOnlyList<string[]> rows, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = CsvWriter.Create(buffer, new CsvWriterOptions { NewLine = "\n", Injection = CsvInjection.Escape }))
        {
            writer.WriteHeader(Header);
            foreach (var row in rows)
                writer.WriteRecord(row);
        }
        await StatementFiles.WriteAtomicallyAsync(path, buffer.ToArray(), cancellationToken);
    }
}
