#!/usr/bin/env python3
"""Fingerprints a billed cycle in a UtilityInsights SQLite file, so that two runs (before and after a
change, one process or several) can be compared: every bill's figures, its lines and its statement
document (the bill of record, decompressed), in bill id order. What differs between equal runs by
nature is left out: run ids and the wall-clock created_at/issued_at columns.

Usage: benchmarks/hash-cycle.py DATABASE CYCLE
Prints one line: bills, their total, and a SHA-256 for the bills, the lines and the documents."""
import gzip
import hashlib
import sqlite3
import sys
from decimal import Decimal

BILL_COLUMNS = ("bill_id, account_id, cycle, revision, period_start, period_end, status, hold_reason, currency, total, "
                "usage_quantity, usage_unit, tariff_id, tariff_version, model_version, template_version, due_date, tips, "
                "comparison_state, carry, determinants, export_credit")


def digest(rows):
    h = hashlib.sha256()
    count = 0
    for row in rows:
        h.update(repr(tuple(row)).encode())
        count += 1
    return count, h.hexdigest()[:16]


def main(database, cycle):
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    bills, bills_hash = digest(db.execute(f"SELECT {BILL_COLUMNS} FROM bills WHERE cycle = ? ORDER BY bill_id", (cycle,)))
    # The exact total, summed as decimals from the stored values (SQLite's SUM of REAL would round).
    exact = sum((Decimal(str(t)) for (t,) in db.execute("SELECT total FROM bills WHERE cycle = ? AND status <> 'cancelled'", (cycle,))), Decimal(0))
    lines, lines_hash = digest(db.execute(
        "SELECT l.bill_id, l.line_no, l.segment, l.category, l.description, l.quantity, l.unit, l.rate, l.amount, l.explanation "
        "FROM bill_lines l JOIN bills b ON b.bill_id = l.bill_id WHERE b.cycle = ? ORDER BY l.bill_id, l.line_no", (cycle,)))
    documents, documents_hash = digest(
        (bill_id, version, template, gzip.decompress(content))
        for bill_id, version, template, content in db.execute(
            "SELECT d.bill_id, d.format_version, d.template_version, d.content FROM bill_documents d JOIN bills b ON b.bill_id = d.bill_id "
            "WHERE b.cycle = ? ORDER BY d.bill_id", (cycle,)))
    print(f"bills {bills} total (as stored) {exact} lines {lines} documents {documents} | bills {bills_hash} lines {lines_hash} documents {documents_hash}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
