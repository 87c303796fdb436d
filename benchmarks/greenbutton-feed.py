#!/usr/bin/env python3
"""Joins single-meter Green Button feeds (as `utility-insights export greenbutton` writes them) into one
feed of many UsagePoints, for the Green Button ingest benchmark. Their entries' links already name their
meter, so they stay distinct. Usage: benchmarks/greenbutton-feed.py OUT.xml FEED.xml..."""
import sys

if len(sys.argv) < 3:
    sys.exit(__doc__)
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for n, path in enumerate(sys.argv[2:]):
        text = open(path, encoding="utf-8").read()
        first, last = text.index("<entry>"), text.rindex("</feed>")
        out.write((text[:first] if n == 0 else "") + text[first:last])
    out.write("</feed>\n")
