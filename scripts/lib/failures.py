#!/usr/bin/env python3
"""Names every failed test with the first lines of its message, read from the TRX files of a run.

Usage: failures.py RESULTS_DIR. Prints nothing when no test failed. The console log of a long run can be cut short
by whoever shows it; this list comes last so that what failed is always in view next to the totals.
"""
import pathlib
import sys
import xml.etree.ElementTree as ElementTree

NAMESPACE = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
MESSAGE_LINES = 30
LONGEST_LINE = 400


def failures(results):
    for trx in sorted(pathlib.Path(results).glob("*.trx")):
        for result in ElementTree.parse(trx).getroot().iterfind(".//t:UnitTestResult", NAMESPACE):
            if result.get("outcome") != "Failed":
                continue
            message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NAMESPACE)
            yield result.get("testName"), [line for line in message.strip().splitlines() if line.strip()][:MESSAGE_LINES]


def main(results):
    for name, message in failures(results):
        print(f"FAILED {name}")
        for line in message:
            print(f"    {line[:LONGEST_LINE]}")


if __name__ == "__main__":
    main(sys.argv[1])
