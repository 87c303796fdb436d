using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using UtilityInsights.Operations.Issue;

namespace UtilityInsights.Printing;

/// <summary>
/// Puts documents' PDFs together into one print batch with PDFsharp: each document's pages are
/// imported as they are (the same content, fonts and images as its own PDF, so a page looks exactly
/// the same in the batch), each starts on a new sheet — when printed on both sides, a blank page of
/// the same size follows a document with an odd number of pages — and the batch's outline has an
/// entry per document on its first page (what a print vendor's operator looks for).
/// </summary>
public static class PdfBatchFile
{
    /// <summary>Writes the batch to <paramref name="path"/> (beside and renamed into place) and returns each document's place.</summary>
    public static async Task<IReadOnlyList<PrintedPlacement>> WriteAsync(string path, IReadOnlyList<(string Label, byte[] Pdf)> documents, bool duplex,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        using var batch = new PdfDocument();
        batch.Info.Title = Path.GetFileNameWithoutExtension(path);
        batch.Info.Creator = "UtilityInsights";
        var placements = new List<PrintedPlacement>(documents.Count);
        foreach (var (label, pdf) in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var source = PdfReader.Open(new MemoryStream(pdf, writable: false), PdfDocumentOpenMode.Import);
            var first = batch.PageCount + 1;
            PdfPage? last = null;
            foreach (var page in source.Pages)
            {
                last = batch.AddPage(page);
                if (batch.PageCount == first)
                    batch.Outlines.Add(label, last);
            }
            if (last is null)
                throw new IOException($"the PDF of {label} has no pages");
            placements.Add(new PrintedPlacement(first, source.PageCount));
            if (duplex && source.PageCount % 2 == 1)
            {
                var blank = batch.AddPage();
                blank.Width = last.Width;
                blank.Height = last.Height;
            }
        }
        using var file = new MemoryStream();
        batch.Save(file, closeStream: false);
        await StatementFiles.WriteAtomicallyAsync(path, file.ToArray(), cancellationToken);
        return placements;
    }

    /// <summary>
    /// PDFs put together, page for page as they are, into one written to <paramref name="output"/>, with an outline entry per
    /// document on its first page (from 1): what a print vendor's operator looks for.
    /// </summary>
    public static void Join(Stream output, string title, IReadOnlyList<byte[]> parts, IReadOnlyList<(string Label, int FirstPage)> outline)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(outline);
        using var batch = new PdfDocument();
        batch.Info.Title = title;
        batch.Info.Creator = "UtilityInsights";
        foreach (var part in parts)
        {
            using var source = PdfReader.Open(new MemoryStream(part, writable: false), PdfDocumentOpenMode.Import);
            foreach (var page in source.Pages)
                batch.AddPage(page);
        }
        foreach (var (label, first) in outline)
            batch.Outlines.Add(label, batch.Pages[first - 1]);
        batch.Save(output, closeStream: false);
    }
}
