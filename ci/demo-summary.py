#!/usr/bin/env python3
"""The main job's last lines (ci/demo.sh): the province's roll-up and one line per site with its level,
plan verdict and level summary, from findings.json in its expanded form (`v6analyze expand`).
Tested by reports.demo_summary (tests/reports/demo_summary.sh) on a real sweep's findings.
usage: demo-summary.py EXPANDED-FINDINGS.json"""
import json, re, sys, textwrap
d = json.load(open(sys.argv[1]))
# Strings from the bundles reach the terminal: control and bidi characters are shown escaped.
_unsafe = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
def safe(s):
    return _unsafe.sub(lambda m: "\\u%04x" % ord(m.group()), str(s))
r = d["rollup"]
lv, pl = r["levels"], r["plan"]
print("province: %d sites — %s not-assessed:%d — %d meet the %s plan, %d below, %d not assessed, %d not in it" % (
    len(d["sites"]), " ".join("%s:%d" % (k, lv[k]) for k in ("L0", "L1", "L2", "L3", "L4")), lv["not_assessed"],
    pl["meets"], d["plan"]["year"], pl["below"], pl["not_assessed"], pl["not_in_plan"]))
for s in d["sites"]:
    print("  %-40s %-3s %s" % (safe(s["site"]), safe(s.get("level") or "-"), safe(s.get("plan_verdict", "-"))))
    print(textwrap.fill(safe(s.get("level_summary", "")), width=100, initial_indent="      ",
                        subsequent_indent="      "))
