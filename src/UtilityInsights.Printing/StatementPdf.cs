using SkiaSharp;
using UtilityInsights.Operations.Issue;
using UtilityInsights.Printing.Layout;
using UtilityInsights.Statements;

namespace UtilityInsights.Printing;

/// <summary>
/// A statement laid out for paper and drawn straight into a PDF with Skia (SkiaSharp's PDF backend, the one
/// Chromium prints with) from its document of record — the same model every other channel renders, so the paper
/// copy says exactly what the email, the SMS and the portal say. The layout follows the HTML template's print
/// layout: the header with the amount due, usage and the meter, the charges with each line explained and the
/// balance, the comparison beside the 13-month history (then time of use), why the bill changed, tips, ways to pay
/// beside how to reach the utility, and the remittance slip with its scan line at the foot of the last page;
/// headings stay with what follows them, no row, chart row, comparison or slip is split between pages, a chart row
/// that does not fit floats to the next page, and every page's foot gives the account number and "page 1 of 2".
/// A statement in a batch costs a few milliseconds of CPU where Chromium took 50–80 (RESULTS.md, session 20).
/// </summary>
public static class StatementPdf
{
    private static readonly SKColor Ink = SKColor.Parse("#1d2733"), Muted = SKColor.Parse("#4a5866"), Rule = SKColor.Parse("#d0d7de"),
        DueBackground = SKColor.Parse("#eef4fb"), Overdue = SKColor.Parse("#a4161a"), OverdueBackground = SKColor.Parse("#fdf0f0"),
        Estimated = SKColor.Parse("#8a4b00"), CorrectionBackground = SKColor.Parse("#fff4e5");

    /// <summary>Why statements cannot be printed here (no font installed), or null when they can.</summary>
    public static string? Unavailable()
    {
        try
        {
            _ = PdfFaces.Regular;
            return null;
        }
        catch (UserErrorException e)
        {
            return e.Message;
        }
    }

    /// <summary>The statement's own PDF (a portal download, <c>statements render --format pdf</c>).</summary>
    public static byte[] Print(StatementModel model, IReadOnlyDictionary<string, string> strings)
    {
        var laid = Lay(model, strings);
        using var buffer = new MemoryStream();
        using (var document = SKDocument.CreatePdf(buffer, Metadata($"{model.Title ?? strings["title"]} · {model.Utility.Name}")))
        {
            laid.Draw(document);
            document.Close();
        }
        return buffer.ToArray();
    }

    /// <summary>The fewest statements a core draws as its part of a batch (fewer are not worth a part of their own).</summary>
    private const int FewestInPart = 50;

    /// <summary>
    /// A print batch: the statements, in order, in one PDF written to <paramref name="stream"/>, each starting on a new sheet
    /// (when <paramref name="duplex"/>, a blank page follows a statement of an odd number of pages), with an outline entry
    /// naming each on its first page. The batch is cut into as many runs of statements as there are cores (of at least
    /// <see cref="FewestInPart"/>), each drawn as a part (<see cref="DrawPart"/>) at the same time — drawing into one PDF
    /// is sequential — and the parts are joined (<see cref="Join"/>).
    /// </summary>
    public static IReadOnlyList<PrintedPlacement> WriteBatch(Stream stream, string title, IReadOnlyList<(string Label, PaperStatement Statement)> statements,
        bool duplex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var parts = DrawParts(statements.Select(s => s.Statement).ToList(), duplex, cancellationToken);
        return Join(stream, title, parts, statements.Select(s => s.Label).ToList(), duplex);
    }

    /// <summary>The statements drawn as parts, a run of them a core at the same time (see <see cref="WriteBatch"/>).</summary>
    public static IReadOnlyList<PrintedPart> DrawParts(IReadOnlyList<PaperStatement> statements, bool duplex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statements);
        if (statements.Count == 0)
            return [];
        var count = Math.Clamp(statements.Count / FewestInPart, 1, Environment.ProcessorCount);
        var parts = new PrintedPart[count];
        Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = count }, part =>
        {
            var (from, to) = (statements.Count * part / count, statements.Count * (part + 1) / count);
            parts[part] = DrawPart(statements.Skip(from).Take(to - from).ToList(), duplex, cancellationToken);
        });
        return parts;
    }

    /// <summary>
    /// A run of a batch's statements laid out and drawn, in order, into a PDF of their own (each on a new sheet, a blank page
    /// after an odd one when <paramref name="duplex"/>): a part of a batch, to be joined with the others (<see cref="Join"/>).
    /// Each statement's pages are drawn by the same code, from the same layout, as its own PDF (<see cref="Print"/>); the fonts
    /// are embedded once a part.
    /// </summary>
    public static PrintedPart DrawPart(IReadOnlyList<PaperStatement> statements, bool duplex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var pages = new List<int>(statements.Count);
        using var buffer = new MemoryStream();
        using (var document = SKDocument.CreatePdf(buffer, Metadata("part")))
        {
            foreach (var statement in statements)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var laid = Lay(statement.Model, statement.Strings);
                laid.Draw(document);
                pages.Add(laid.Pages);
                if (duplex && laid.Pages % 2 == 1)
                {
                    document.BeginPage(PageFlow.PageWidth, PageFlow.PageHeight);
                    document.EndPage();
                }
            }
            document.Close();
        }
        return new PrintedPart(buffer.ToArray(), pages, duplex);
    }

    /// <summary>
    /// The parts, in order, joined page for page into one PDF written to <paramref name="stream"/> (<see cref="PdfBatchFile.Join"/>),
    /// an outline entry naming each statement (<paramref name="labels"/>, in the parts' order) on its first page; returns each
    /// statement's place in the batch.
    /// </summary>
    public static IReadOnlyList<PrintedPlacement> Join(Stream stream, string title, IReadOnlyList<PrintedPart> parts, IReadOnlyList<string> labels, bool duplex)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(labels);
        if (parts.Any(p => p.Duplex != duplex))
            throw new ArgumentException("every part of a batch is drawn for the same sides of the paper", nameof(parts));
        var placements = new List<PrintedPlacement>(labels.Count);
        var first = 1;
        foreach (var pages in parts.SelectMany(p => p.Pages))
        {
            placements.Add(new PrintedPlacement(first, pages));
            first += duplex ? pages + pages % 2 : pages;
        }
        if (placements.Count != labels.Count)
            throw new ArgumentException($"the parts hold {placements.Count} statements, the labels name {labels.Count}", nameof(labels));
        PdfBatchFile.Join(stream, title, parts.Select(p => p.Pdf).ToList(), labels.Select((label, i) => (label, placements[i].FirstPage)).ToList());
        return placements;
    }

    private static SKDocumentPdfMetadata Metadata(string title)
    {
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = title;
        metadata.Creator = "UtilityInsights";
        // The document carries no clock time: the same statements print to the same bytes.
        metadata.Creation = null;
        metadata.Modified = null;
        return metadata;
    }

    private static Laid Lay(StatementModel model, IReadOnlyDictionary<string, string> strings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(strings);
        var flow = new PageFlow();
        flow.Add(new Layout(model, strings).Blocks());
        return new Laid(flow, model.PageFooter is { } literal ? CssText.Value(literal) : "", strings["page"], strings["page_of"]);
    }

    /// <summary>A statement laid out on its pages, to be drawn into a document; each page's foot says whose it is and "page 1 of 2".</summary>
    private sealed class Laid(PageFlow flow, string footer, string page, string of)
    {
        public int Pages => flow.PageCount;

        public void Draw(SKDocument document)
        {
            var foot = new TextStyle(PdfFaces.Regular, 8, Muted);
            for (var index = 0; index < flow.PageCount; index++)
            {
                var canvas = document.BeginPage(PageFlow.PageWidth, PageFlow.PageHeight);
                flow.Draw(canvas, index);
                var baseline = PageFlow.PageHeight - PageFlow.FootMargin + 22;
                canvas.DrawText(footer, PageFlow.Margin, baseline, SKTextAlign.Left, Fonts.Get(foot), Fonts.Paint(foot.Color));
                canvas.DrawText($"{page} {index + 1} {of} {flow.PageCount}", PageFlow.PageWidth - PageFlow.Margin, baseline, SKTextAlign.Right, Fonts.Get(foot),
                    Fonts.Paint(foot.Color));
                document.EndPage();
            }
        }
    }

    /// <summary>The statement as blocks, top to bottom, in the order of the HTML template.</summary>
    private sealed class Layout(StatementModel model, IReadOnlyDictionary<string, string> t)
    {
        private const float Width = PageFlow.ContentWidth, Gap = 17, Bullet = 11;

        private readonly TextStyle body = new(PdfFaces.Regular, 9.5f, Ink);
        private readonly SKColor brand = ChartDrawing.Colour(model.Utility.PrimaryColour);
        private readonly List<Block> blocks = [];

        private TextStyle Bold => body.With(face: PdfFaces.Bold);

        private TextStyle Small => body.With(size: 8, color: Muted);

        public List<Block> Blocks()
        {
            Header();
            if (model.Correction is { } correction)
                blocks.Add(Boxed([new Run(correction, body)], CorrectionBackground, Estimated, 8));
            Usage();
            Charges();
            Charts();
            if (model.SolarSummary is { } solar)
                blocks.Add(Paragraph([new Run(solar, body)], Width, 4));
            if (model.WhyChanged.Count > 0)
            {
                Heading(t["why_changed"]);
                // Each comparison with the parts that add up to it, never split from them.
                foreach (var change in model.WhyChanged)
                    blocks.Add(Together(change.Parts.Select(p => Item([new Run(p, body)], Bullet, 0)).Prepend(Item([new Run(change.Summary, Bold)], 0, 2)).ToList()));
            }
            if (model.Tips.Count > 0)
            {
                Heading(t["tips"]);
                foreach (var tip in model.Tips)
                    blocks.Add(Item([new Run(tip.Title + " ", Bold), new Run(tip.Text + " ", body), new Run(tip.Savings, body.With(face: PdfFaces.Italic))], 0, 2));
            }
            Closing();
            if (model.ScanLine is { } scan)
                Slip(scan);
            return blocks;
        }

        private static Block Paragraph(IEnumerable<Run> runs, float width, float spaceBefore, Align align = Align.Left)
        {
            var box = new TextBox(runs, width, align);
            return new Block(box.Height, (c, x, y) => box.Draw(c, x, y), spaceBefore);
        }

        private void Heading(string text)
        {
            var box = new TextBox([new Run(text, body.With(face: PdfFaces.Bold, size: 12.5f, color: brand))], Width);
            blocks.Add(new Block(box.Height + 2, (c, x, y) => box.Draw(c, x, y), 9, KeepWithNext: true));
        }

        /// <summary>A list item: a bullet, then the text; <paramref name="indent"/> for an item within an item.</summary>
        private static Block Item(IReadOnlyList<Run> runs, float indent, float spaceBefore, float width = Width)
        {
            var box = new TextBox(runs, width - indent - Bullet);
            var bullet = runs[0].Style.With(face: PdfFaces.Regular, color: Ink);
            return new Block(box.Height, (c, x, y) =>
            {
                DrawBullet(c, indent > 0 ? "◦" : "•", bullet, x + indent + 2, y);
                box.Draw(c, x + indent + Bullet, y);
            }, spaceBefore);
        }

        /// <summary>Blocks drawn one under the other as one block (kept on one page).</summary>
        private static Block Together(List<Block> parts) =>
            new(parts.Sum(p => p.Height) + parts.Skip(1).Sum(p => p.SpaceBefore), (c, x, y) =>
            {
                for (var i = 0; i < parts.Count; i++)
                {
                    y += i > 0 ? parts[i].SpaceBefore : 0;
                    parts[i].Draw(c, x, y);
                    y += parts[i].Height;
                }
            }, parts[0].SpaceBefore);

        /// <summary>A note on a tinted background with a bar down its left side.</summary>
        private static Block Boxed(IEnumerable<Run> runs, SKColor background, SKColor bar, float spaceBefore)
        {
            const float pad = 5;
            var box = new TextBox(runs, Width - 2 * pad - 3);
            return new Block(box.Height + 2 * pad, (c, x, y) =>
            {
                c.DrawRect(SKRect.Create(x, y, Width, box.Height + 2 * pad), Fonts.Paint(background));
                c.DrawRect(SKRect.Create(x, y, 3, box.Height + 2 * pad), Fonts.Paint(bar));
                box.Draw(c, x + 3 + pad, y + pad);
            }, spaceBefore);
        }

        private void Header()
        {
            const float pad = 9;
            var due = new List<Run>();
            if (model.PastDue is { } past)
            {
                due.Add(new Run($"{t["past_due_now"]}: ", body.With(face: PdfFaces.Bold, color: Overdue)));
                due.Add(new Run(past.Amount + "\n", body.With(face: PdfFaces.Bold, color: Overdue)));
                due.Add(new Run($"{t["new_charges_due"]} {model.DueDate}: ", body));
                due.Add(new Run(model.NewCharges + "\n", Bold));
                due.Add(new Run(t["total_due"] + "\n", body));
                due.Add(new Run(model.AmountDue, body.With(face: PdfFaces.Bold, size: 20)));
            }
            else
            {
                due.Add(new Run(t["amount_due"] + "\n", body));
                due.Add(new Run(model.AmountDue + "\n", body.With(face: PdfFaces.Bold, size: 20)));
                // On paper the box keeps its three lines (a taller header moved a one-page statement's slip to a second sheet): an AutoPay
                // customer's says who pays and when, and the slip that there is nothing to send.
                due.Add(new Run(model.AutoPay is null ? $"{t["due_by"]} {model.DueDate}" : t["autopay_on"].Replace("{0}", model.DueDate, StringComparison.Ordinal), body));
            }
            var dueWidth = Math.Clamp(new TextBox(due, Width).Widest + 2 * pad + 1, 150, 230);
            var dueBox = new TextBox(due, dueWidth - 2 * pad, Align.Right);
            var rest = Width - dueWidth - 2 * 10;
            var (leftWidth, idsWidth) = (rest * 1.2f / 2.2f, rest / 2.2f);
            var utility = new List<Run> { new(model.Utility.Name, body) };
            if (model.Utility.EmergencyPhone is { } emergency)
            {
                utility.Add(new Run($"\n{model.Utility.EmergencyPrompt ?? t["emergency"]} {emergency}", Bold));
                utility.Add(new Run($", {t["emergency_any_time"]}", body));
            }
            var name = new TextBox(utility, leftWidth);
            var title = new TextBox([new Run(model.Title ?? t["title"], body.With(face: PdfFaces.Bold, size: 15.5f))], leftWidth);
            var customer = new TextBox([new Run($"{model.Account.Name}\n{model.Account.MailingAddress}", body)], leftWidth);
            var ids = new TextBox(
            [
                new Run(model.StatementDate is { } date ? $"{t["statement_date"]}: {date}\n" : "", body),
                new Run($"{t["account_number"]}: {model.Account.Number}\n{t["service_address"]}: {model.Account.ServiceAddress}", body),
            ], idsWidth);
            var left = name.Height + 4 + title.Height + 4 + customer.Height;
            var height = Math.Max(Math.Max(left, 17 + ids.Height), dueBox.Height + 2 * pad) + 8;
            blocks.Add(new Block(height + 3, (c, x, y) =>
            {
                name.Draw(c, x, y);
                title.Draw(c, x, y + name.Height + 4);
                customer.Draw(c, x, y + name.Height + 4 + title.Height + 4);
                ids.Draw(c, x + leftWidth + 10, y + 17);
                var boxLeft = x + Width - dueWidth;
                c.DrawRoundRect(SKRect.Create(boxLeft, y, dueWidth, dueBox.Height + 2 * pad), 5, 5, Fonts.Paint(DueBackground));
                dueBox.Draw(c, boxLeft + pad, y + pad);
                c.DrawRect(SKRect.Create(x, y + height, Width, 3), Fonts.Paint(brand));
            }));
        }

        /// <summary>A table row: each cell a text box in its column, a rule under the row; <paramref name="keep"/> keeps it with the next.</summary>
        private static Block Row(IReadOnlyList<(IReadOnlyList<Run> Runs, Align Align)> cells, float[] widths, float spaceBefore = 0, bool keep = false, float cellWidth = Width)
        {
            const float pad = 3;
            var boxes = cells.Select((cell, i) => new TextBox(cell.Runs, widths[i] * cellWidth - 2 * pad, cell.Align)).ToList();
            var height = boxes.Max(b => b.Height) + 2 * pad;
            return new Block(height, (c, x, y) =>
            {
                var left = x;
                for (var i = 0; i < boxes.Count; i++)
                {
                    boxes[i].Draw(c, left + pad, y + pad);
                    left += widths[i] * cellWidth;
                }
                c.DrawRect(SKRect.Create(x, y + height - 0.375f, cellWidth, 0.75f), Fonts.Paint(Rule));
            }, spaceBefore, keep);
        }

        /// <summary>A column's share of the width: its widest heading (bold) or value, padded, and at least an eighth.</summary>
        private float Fit(IEnumerable<string> headings, IEnumerable<string> values) =>
            Math.Max(0.125f, (Math.Max(headings.Max(h => Fonts.Width(h, Bold)), values.Select(v => Fonts.Width(v, body)).DefaultIfEmpty(0).Max()) + 14) / Width);

        /// <summary>A list item's bullet, on the first line's baseline of text in <paramref name="style"/> drawn from <paramref name="top"/>.</summary>
        private static void DrawBullet(SKCanvas canvas, string bullet, TextStyle style, float left, float top) =>
            canvas.DrawText(bullet, left, TextBox.Baseline(top, style.Size), SKTextAlign.Left, Fonts.Get(style), Fonts.Paint(style.Color));

        private static (IReadOnlyList<Run>, Align) Cell(string text, TextStyle style, Align align = Align.Left) => ([new Run(text, style)], align);

        private void Usage()
        {
            Heading(t["your_usage"]);
            blocks.Add(Paragraph([new Run($"{t["billing_period"]}: {model.Period} ({model.Days} {t["days"]}) · {model.Usage} ({model.UsagePerDay} {t["per_day"]}) · {t["rate_schedule"]}: {model.RateSchedule}", body)], Width, 0));
            var meter = model.Meter;
            var numberWidth = Fit([t["meter"]], [meter.Number]);
            var multiplierWidth = Fit([t["multiplier"]], [meter.Multiplier]);
            var readWidth = (1 - numberWidth - multiplierWidth) / 2;
            float[] widths = [numberWidth, readWidth, readWidth, multiplierWidth];
            blocks.Add(Row([Cell(t["meter"], Bold), Cell(t["previous_read"], Bold), Cell(t["current_read"], Bold), Cell(t["multiplier"], Bold, Align.Right)], widths, 4, keep: true));
            IReadOnlyList<Run> Read(StatementRead read) =>
                [new Run($"{read.Value} · {read.Date} · ", body), new Run(read.Type, read.Estimated ? body.With(face: PdfFaces.Bold, color: Estimated) : body)];
            blocks.Add(meter.IntervalsOnly
                ? Row([Cell(meter.Number, body), Cell(meter.Summary!, body), Cell(meter.Multiplier, body, Align.Right)], [numberWidth, 2 * readWidth, multiplierWidth])
                : Row([Cell(meter.Number, body), (Read(meter.Previous), Align.Left), (Read(meter.Current), Align.Left), Cell(meter.Multiplier, body, Align.Right)], widths));
            if (meter.Summary is { } shown && meter.HasReads)
                blocks.Add(Paragraph([new Run(shown, body)], Width, 4));
            if (meter.Note is { } note)
                blocks.Add(Paragraph([new Run(note, body)], Width, 4));
            // An interval meter's estimates fill hours it did not report (its next reads do not true them up, as a dial's do).
            if (meter.EstimatedNote is { } estimated)
                blocks.Add(Paragraph([new Run(t[estimated], body.With(face: PdfFaces.Bold, color: Estimated))], Width, 4));
        }

        private void Charges()
        {
            Heading(t["charges"]);
            var lines = model.Lines;
            float[] widths = [0, Fit([t["quantity"]], lines.Select(l => l.Quantity)), Fit([t["rate"]], lines.Select(l => l.Rate)),
                Fit([t["amount"]], lines.Select(l => l.Amount).Append(model.AmountDue).Append(model.PreviousBalance).Append(model.Payments))];
            widths[0] = 1 - widths[1] - widths[2] - widths[3];
            blocks.Add(Row([Cell(t["charge"], Bold), Cell(t["quantity"], Bold, Align.Right), Cell(t["rate"], Bold, Align.Right), Cell(t["amount"], Bold, Align.Right)], widths, keep: true));
            foreach (var line in model.Lines)
            {
                IReadOnlyList<Run> charge = line.Explanation.Length > 0 ? [new Run(line.Description + "\n", body), new Run(line.Explanation, Small)] : [new Run(line.Description, body)];
                blocks.Add(Row([(charge, Align.Left), Cell(line.Quantity, body, Align.Right), Cell(line.Rate, body, Align.Right), Cell(line.Amount, body, Align.Right)], widths));
            }
            float[] labelAndAmount = [1 - widths[3], widths[3]];
            blocks.Add(Row([Cell(t["new_charges"], Bold), Cell(model.NewCharges, body, Align.Right)], labelAndAmount));
            blocks.Add(Row([Cell(t["previous_balance"], Bold), Cell(model.PreviousBalance, body, Align.Right)], labelAndAmount));
            // Payments from the statement date on are the next statement's (AccountBalance.ForStatement): said under the line.
            IReadOnlyList<Run> payments = model.StatementDate is { } dated
                ? [new Run(t["payments"] + "\n", Bold), new Run(t["payments_after"].Replace("{0}", dated, StringComparison.Ordinal), Small)]
                : [new Run(t["payments"], Bold)];
            blocks.Add(Row([(payments, Align.Left), Cell(model.Payments, body, Align.Right)], labelAndAmount));
            if (model.LateFees is { } late)
                blocks.Add(Row([Cell(t["late_fees"], Bold), Cell(late, body, Align.Right)], labelAndAmount));
            blocks.Add(Row([Cell(t["amount_due"], Bold), Cell(model.AmountDue, Bold, Align.Right)], labelAndAmount));
            if (model.PastDue is { } past)
            {
                blocks.Add(Boxed(
                [
                    new Run($"{t["past_due_now"]}: {past.Amount}. ", Bold),
                    new Run($"{t["past_due_from"]}: {string.Join("; ", past.From)}. {t["past_due_help"]}", body),
                ], OverdueBackground, Overdue, 6));
            }
            if (model.SamePeriodLastYear is { } lastYear)
                blocks.Add(Paragraph([new Run($"{t["same_period_last_year"]}: {lastYear}", body)], Width, 5));
        }

        /// <summary>
        /// The charts two abreast: the comparison beside the history of 13 months, then time of use. A row is kept
        /// together; a row that does not fit opens the next page, and the text after it fills this one.
        /// </summary>
        private void Charts()
        {
            var column = (Width - Gap) / 2;
            var sections = new List<(float Height, Action<SKCanvas, float, float> Draw)>();
            (float, Action<SKCanvas, float, float>) Section(string heading, IReadOnlyList<Run>? before, string? svg)
            {
                var title = new TextBox([new Run(heading, body.With(face: PdfFaces.Bold, size: 12.5f, color: brand))], column);
                var text = before is null ? null : new TextBox(before, column);
                var (width, height) = svg is null ? (1f, 0f) : ChartDrawing.Size(svg);
                var scale = Math.Min(column / width, 1f);
                var top = title.Height + 4 + (text?.Height + 3 ?? 0);
                return (top + height * scale + 4, (c, x, y) =>
                {
                    title.Draw(c, x, y);
                    text?.Draw(c, x, y + title.Height + 4);
                    if (svg is not null)
                        ChartDrawing.Draw(c, svg, x, y + top, scale);
                }
                );
            }
            if (!model.ComparisonWithheld)
            {
                sections.Add(model.Comparison is { } comparison
                    ? Section(t["neighbours"], [new Run(comparison.Cue, body.With(face: PdfFaces.Bold, size: 11))], comparison.Chart.Svg)
                    : Section(t["neighbours"], [new Run($"{t["no_comparison"]}: {model.NoComparisonReason}", body)], null));
            }
            sections.Add(Section(t["history"], null, model.History.Svg));
            if (model.TimeOfUse is { } tou)
                sections.Add(Section(t["tou"], null, tou.Svg));
            foreach (var row in sections.Chunk(2))
            {
                blocks.Add(new Block(row.Max(s => s.Height), (c, x, y) =>
                {
                    for (var i = 0; i < row.Length; i++)
                        row[i].Draw(c, x + i * (column + Gap), y);
                }, 9, Float: true));
            }
        }

        /// <summary>Ways to pay beside how to reach the utility, kept together.</summary>
        private void Closing()
        {
            var column = (Width - Gap) / 2;
            var text = body.With(size: 9);
            var heading = body.With(face: PdfFaces.Bold, size: 12.5f, color: brand);
            var pay = new List<(TextBox Box, float Indent)> { (new TextBox([new Run(t["ways_to_pay"], heading)], column), 0) };
            pay.AddRange(model.Utility.PaymentOptions.Select(o => (new TextBox([new Run(o.Title + ": ", text.With(face: PdfFaces.Bold)), new Run(o.Detail, text)], column - Bullet), Bullet)));
            var utility = model.Utility;
            var contact = new List<Run> { new($"{utility.Phone} · {utility.Email} · {utility.Website}\n{utility.Address}", text) };
            if (utility.EmergencyPhone is { } emergency)
                contact.AddRange([new Run($"\n{utility.EmergencyPrompt ?? t["emergency"]} {emergency}", text.With(face: PdfFaces.Bold)), new Run($", {t["emergency_any_time"]}", text)]);
            var help = new List<(TextBox Box, float Indent)> { (new TextBox([new Run(t["contact"], heading)], column), 0), (new TextBox(contact, column), 0) };
            if (utility.Disputes is { } disputes)
                help.Add((new TextBox([new Run($"{t["disputes"]}. ", text.With(face: PdfFaces.Bold)), new Run(utility.Regulator is { } regulator ? $"{disputes} {regulator}" : disputes, text)], column), 0));
            help.Add((new TextBox([new Run(t["thank_you"], text)], column), 0));
            static float Height(List<(TextBox Box, float Indent)> parts) => parts.Sum(p => p.Box.Height + 3);
            blocks.Add(new Block(Math.Max(Height(pay), Height(help)), (c, x, y) =>
            {
                foreach (var (parts, left) in new[] { (pay, x), (help, x + column + Gap) })
                {
                    var top = y;
                    foreach (var (box, indent) in parts)
                    {
                        if (indent > 0)
                            DrawBullet(c, "•", text, left + 2, top);
                        box.Draw(c, left + indent, top);
                        top += box.Height + 3;
                    }
                }
            }, 12));
        }

        /// <summary>The remittance slip: a dashed line to tear along, what is owed, who to pay and the scan line.</summary>
        private void Slip(string scan)
        {
            var column = (Width - Gap) / 2;
            var text = body.With(size: 8.5f);
            var strong = text.With(face: PdfFaces.Bold);
            var title = new TextBox([new Run(model.Utility.Name, strong), new Run($" · {t[model.AutoPay is null ? "slip_title" : "slip_title_autopay"]}", text)], Width);
            var pairs = new List<(string Label, string Value, bool Strong)> { (t["account_number"], model.Account.Number, false) };
            if (model.PastDue is { } past)
            {
                pairs.Add((t["past_due_now"], past.Amount, false));
                pairs.Add(($"{t["new_charges_due"]} {model.DueDate}", model.NewCharges, false));
                pairs.Add((t["total_due"], model.AmountDue, true));
            }
            else
            {
                pairs.Add((t["amount_due"], model.AmountDue, true));
                pairs.Add((t["due_by"], model.DueDate, false));
            }
            // AutoPay pays it: the slip says there is nothing to send instead of asking for the amount enclosed.
            pairs.Add(model.AutoPay is null ? (t["slip_amount_enclosed"], "$ ____________", false) : (t["slip_autopay"], "", true));
            var labelWidth = Math.Min(pairs.Max(p => Fonts.Width(p.Label, text)) + 12, column * 0.65f);
            var rows = pairs.Select(p => (Label: new TextBox([new Run(p.Label, text)], labelWidth), Value: new TextBox([new Run(p.Value, p.Strong ? strong : text)], column - labelWidth))).ToList();
            var who = new TextBox(
            [
                new Run($"{model.Account.Name}\n{model.Account.MailingAddress}\n\n", text),
                new Run($"{t["slip_pay_to"].Replace("{0}", model.Utility.Name, StringComparison.Ordinal)}: {model.Utility.Address}", text),
            ], column);
            var scanLine = new TextBox([new Run(scan, new TextStyle(PdfFaces.Mono, 10, Ink))], Width);
            var details = Math.Max(rows.Sum(r => Math.Max(r.Label.Height, r.Value.Height)), who.Height);
            var height = 6 + title.Height + 3 + details + 5 + scanLine.Height;
            blocks.Add(new Block(height, (c, x, y) =>
            {
                c.DrawLine(x, y, x + Width, y, Fonts.Stroke(Muted, 1.5f, [4, 3]));
                var top = y + 6;
                title.Draw(c, x, top);
                top += title.Height + 3;
                var row = top;
                foreach (var (label, value) in rows)
                {
                    label.Draw(c, x, row);
                    value.Draw(c, x + labelWidth, row);
                    row += Math.Max(label.Height, value.Height);
                }
                who.Draw(c, x + column + Gap, top);
                scanLine.Draw(c, x, top + details + 5);
            }, 14, AtFoot: true));
        }
    }
}

/// <summary>A run of a print batch's statements drawn into a PDF of their own: its bytes, each statement's pages (blanks not counted) and whether a blank follows an odd one.</summary>
public sealed record PrintedPart(byte[] Pdf, IReadOnlyList<int> Pages, bool Duplex);
