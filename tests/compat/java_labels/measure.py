"""How often our Avro validator and checker agree with Java Apache Avro 1.11 on the labelled cases.

    python tests/compat/java_labels/measure.py            # summary and every disagreement
    python tests/compat/java_labels/measure.py --summary  # counts only

Parse cases: same accept/reject as Java's `Schema.Parser` (defaults validated). Pairs: same
reader_parses, writer_parses and compatible as Java's `SchemaCompatibility` (a check Java
cannot finish counts as incompatible, as in Confluent). Disagreements are grouped by category.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from avro_java_cases import (
    accepts_text,
    java_answer,
    pair_answer,
    pair_cases,
    parse_cases,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summary", action="store_true", help="counts only")
    args = parser.parse_args()
    by_category: dict[str, list[str]] = defaultdict(list)
    parse = parse_cases()
    same_parse = 0
    for case in parse:
        ours = accepts_text(case["text"])
        if ours == case["accepts"]:
            same_parse += 1
        else:
            java = "accepts" if case["accepts"] else "rejects"
            by_category["parse " + case["category"]].append(
                f"{case['id']}: Java {java}, ours {ours}: {case['text']!r}")
    pairs = pair_cases()
    same_pairs = same_parsing = 0
    for case in pairs:
        ours, java = pair_answer(case), java_answer(case)
        if ours == java:
            same_pairs += 1
        if (ours["reader_parses"], ours["writer_parses"]) == (java["reader_parses"],
                                                              java["writer_parses"]):
            same_parsing += 1
        if ours != java:
            by_category["pair " + case["category"]].append(
                f"{case['id']}: ours {ours}, Java {java}\n    reader {case['reader']}"
                f"\n    writer {case['writer']}")
    print(f"parse cases: {same_parse}/{len(parse)} same accept/reject "
          f"({100 * same_parse / len(parse):.1f}%)")
    print(f"pairs: {same_pairs}/{len(pairs)} same verdicts ({100 * same_pairs / len(pairs):.1f}%), "
          f"{same_parsing}/{len(pairs)} same accept/reject of both schemas "
          f"({100 * same_parsing / len(pairs):.1f}%)")
    counts = Counter({category: len(items) for category, items in by_category.items()})
    for category, count in sorted(counts.items()):
        print(f"  {count:4d}  {category}")
        if not args.summary:
            for item in by_category[category]:
                print("        " + item)
    return 0 if not by_category else 1


if __name__ == "__main__":
    raise SystemExit(main())
