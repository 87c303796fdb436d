using SkiaSharp;

namespace UtilityInsights.Printing.Layout;

/// <summary>
/// One piece of a printed document that is never split between pages (a heading, a table row, a list
/// item, a chart, the remittance slip): its height, the space above it (dropped at the top of a page),
/// whether it stays on the page of the piece after it (a heading with its first row), whether it sits at the foot
/// of its page (the remittance slip, torn off along its top), whether it may float to the top of the next page when it does
/// not fit (a row of charts, letting the text after it fill the page first), and how to draw it at a left edge and a top.
/// </summary>
internal sealed record Block(float Height, Action<SKCanvas, float, float> Draw, float SpaceBefore = 0, bool KeepWithNext = false, bool AtFoot = false,
    bool Float = false);

/// <summary>
/// Blocks laid out down pages of one size: a block that would cross the bottom margin starts a new
/// page, taking with it the blocks kept with it; a float that does not fit waits for the top of the next page
/// while the blocks after it fill this one (but never past a block at the foot). The pages are known before any
/// is drawn, so each can say "page 2 of 3".
/// </summary>
internal sealed class PageFlow
{
    /// <summary>US Letter in points, with the statement's margins (12 mm at the top and sides, 16 mm at the foot for the page line).</summary>
    public const float PageWidth = 612, PageHeight = 792, Margin = 34, FootMargin = 45;

    public const float ContentWidth = PageWidth - 2 * Margin;

    private const float Bottom = PageHeight - FootMargin;

    private readonly List<List<(Block Block, float Top)>> pages = [[]];
    private float y = Margin;

    public int PageCount => pages.Count;

    public void Add(IReadOnlyList<Block> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        // Floats (charts) that did not fit where they came: they open the next page, and what follows fills this one first.
        var deferred = new List<Block>();
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            // The block and those kept with it, to the first that is not (or the last).
            var needed = block.SpaceBefore + block.Height;
            for (var j = i; blocks[j].KeepWithNext && j + 1 < blocks.Count; j++)
                needed += blocks[j + 1].SpaceBefore + blocks[j + 1].Height;
            var fits = y + needed <= Bottom || pages[^1].Count == 0;
            if (block.Float && !fits)
            {
                deferred.Add(block);
                continue;
            }
            // What sits at the foot of a page comes after everything else: floats still waiting go first.
            if (!fits || (block.AtFoot && deferred.Count > 0))
                NewPage(deferred);
            if (pages[^1].Count > 0 && y + needed > Bottom)
                NewPage([]);
            Place(block);
        }
        if (deferred.Count > 0)
            NewPage(deferred);
    }

    private void NewPage(List<Block> opening)
    {
        pages.Add([]);
        y = Margin;
        foreach (var block in opening)
            Place(block);
        opening.Clear();
    }

    private void Place(Block block)
    {
        if (pages[^1].Count > 0)
            y += block.SpaceBefore;
        if (block.AtFoot)
            y = Bottom - block.Height;
        pages[^1].Add((block, y));
        y += block.Height;
    }

    /// <summary>Draws page <paramref name="index"/> (from 0).</summary>
    public void Draw(SKCanvas canvas, int index)
    {
        foreach (var (block, top) in pages[index])
            block.Draw(canvas, Margin, top);
    }
}
