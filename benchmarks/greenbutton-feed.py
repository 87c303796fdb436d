#!/usr/bin/env python3
"""Joins single-meter Green Button feeds (as `utility-insights export greenbutton` writes them) into one
feed of many UsagePoints, for the Green Button ingest benchmark. Their entries' links already name their
meter, so they stay distinct. With --copies N the feeds are joined N times, the meter ids of copy k
(k >= 1) renamed M-nnnnnn -> M-kknnnnnn, so that every copy is other usage points (new meters to the
importer): a large feed made from a few exports.
Usage: benchmarks/greenbutton-feed.py [--copies N] OUT.xml FEED.xml..."""
import sys

args = sys.argv[1:]
copies = 1
if args[:1] == ["--copies"]:
    copies, args = int(args[1]), args[2:]
if len(args) < 2 or copies < 1 or copies > 99:
    sys.exit(__doc__)
with open(args[0], "w", encoding="utf-8") as out:
    for copy in range(copies):
        for n, path in enumerate(args[1:]):
            text = open(path, encoding="utf-8").read()
            first, last = text.index("<entry>"), text.rindex("</feed>")
            if copy == 0 and n == 0:
                out.write(text[:first])
            body = text[first:last]
            # In an export, "M-" begins a meter id wherever it appears (links, titles).
            out.write(body.replace("M-", f"M-{copy:02d}") if copy > 0 else body)
    out.write("</feed>\n")
