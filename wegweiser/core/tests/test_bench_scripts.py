"""The bench scripts start: each parses its options (and sets up Django where it needs it) under `--help`.

They are run by hand and their figures go into closing notes, so a script that no longer starts would only be
noticed when the figures are wanted (bench/http.py's name once hid the standard library's `http` from them).
"""

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench"


@pytest.mark.parametrize("script", sorted(path.name for path in BENCH.glob("*.py")))
def test_bench_script_starts(script):
    done = subprocess.run(  # noqa: S603 (our own scripts, run with this interpreter)
        [sys.executable, str(BENCH / script), "--help"], capture_output=True, text=True, timeout=120, cwd=BENCH
    )
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout
