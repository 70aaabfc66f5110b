"""Paths and names shared by the modules of report.py (see there)."""

import os
import sys


ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RES = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                      os.path.join(ROOT, "build-bench", "results"))
DOC = os.path.join(ROOT, "docs", "BENCHMARKS.md")
PLOTS = os.path.join(ROOT, "docs", "plots")
WORK = os.path.join(RES, "plots")
BEGIN = "<!-- generated:begin -->"
END = "<!-- generated:end -->"
TOOLS = ["hummel", "supervisord", "pm2"]
PEERS = ["supervisord", "pm2"]
NAMES = {"hummel": "hummel", "supervisord": "supervisord", "pm2": "PM2",
         "floor": "floor"}
