#!/usr/bin/env python3
"""Line and branch coverage per product assembly, merged over every test project's coverlet report.

Usage: coverage.py RESULTS_DIR. Reads RESULTS_DIR/coverage/*.json (coverlet's own format: it keeps each branch with
its method and IL offset, so a branch taken by one project and not by another counts once, as taken), prints one line
per assembly and writes the same lines to RESULTS_DIR/coverage/summary.txt.
"""
import json
import pathlib
import sys

ASSEMBLIES = ("Econeura.Domain", "Econeura.Portal")


def merge(reports):
    lines, branches = {}, {}  # per assembly: {(file, line): hit}, {(file, method, line, offset, end, path, ordinal): hit}
    for report in reports:
        for module, documents in json.loads(report.read_text()).items():
            assembly = module.removesuffix(".dll")
            if assembly not in ASSEMBLIES:
                continue
            assembly_lines = lines.setdefault(assembly, {})
            assembly_branches = branches.setdefault(assembly, {})
            for file, classes in documents.items():
                for methods in classes.values():
                    for method, coverage in methods.items():
                        for line, hits in coverage["Lines"].items():
                            key = (file, int(line))
                            assembly_lines[key] = assembly_lines.get(key, False) or hits > 0
                        for branch in coverage["Branches"]:
                            key = (file, method, branch["Line"], branch["Offset"], branch["EndOffset"], branch["Path"], branch["Ordinal"])
                            assembly_branches[key] = assembly_branches.get(key, False) or branch["Hits"] > 0
    return lines, branches


def percent(covered):
    return f"{100 * sum(covered) / len(covered):.1f} %" if covered else "n/a"


def main(results):
    reports = sorted(pathlib.Path(results).glob("coverage/*.json"))
    if not reports:
        print("Coverage: no coverlet report found.", file=sys.stderr)
        return 1
    lines, branches = merge(reports)
    summary = []
    for assembly in ASSEMBLIES:
        covered_lines = list(lines.get(assembly, {}).values())
        covered_branches = list(branches.get(assembly, {}).values())
        summary.append(f"Coverage of {assembly}: lines {percent(covered_lines)} ({sum(covered_lines)}/{len(covered_lines)}), "
                       f"branches {percent(covered_branches)} ({sum(covered_branches)}/{len(covered_branches)})")
    out = pathlib.Path(results) / "coverage"
    out.mkdir(exist_ok=True)
    (out / "summary.txt").write_text("\n".join(summary) + "\n")
    print("\n".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
