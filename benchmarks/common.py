"""Helpers shared by the benchmark scripts: sizes, paths, timing, tables, processes."""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent          # the project
# The app, the loader and the Flask floor run in the project's own venv, exactly as in
# production. Datasette and the pyarrow/xxhash prototypes run in benchmarks/.venv: datasette
# brings asgiref, which switches Dash 4 to async endpoints, and pyarrow changes pandas'
# default string storage, so neither may be importable by the app under test.
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
BENCH_PYTHON = str(ROOT / "benchmarks" / ".venv" / "bin" / "python")
DEFAULT_ROOT = Path(os.environ.get("TRK_BENCH_DIR", "/tmp/trk-bench"))
AS_OF = "2026-06-30"                                     # fixed, so statuses do not drift by day
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}


def registry_paths(root: Path, size: str) -> tuple[Path, Path]:
    folder = root / size
    return folder / "targets.yaml", folder / "data"


def ensure_registry(root: Path, size: str, seed: int = 6) -> tuple[Path, Path]:
    """Generate the synthetic registry for a size unless it is there already."""
    path, data = registry_paths(root, size)
    if not path.exists() or not (data / "places.yaml").exists():
        subprocess.run([PYTHON, str(ROOT / "benchmarks" / "generate.py"), str(root / size),
                        "--targets", str(SIZES.get(size, size)), "--seed", str(seed)], check=True, timeout=600)
    return path, data


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def table(headers: list[str], rows: list[list]) -> str:
    """A GitHub-flavoured markdown table."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(cells[0], widths)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in cells[1:]]
    return "\n".join(lines)


def fmt_s(seconds: float) -> str:
    if seconds != seconds:  # nan
        return "–"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"
    return f"{seconds:.1f} s" if seconds < 100 else f"{seconds:.0f} s"


def fmt_ms(seconds: float) -> str:
    return "–" if seconds != seconds else f"{seconds * 1000:.1f}"


def fmt_bytes(n: float) -> str:
    if n != n:
        return "–"
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before listening on {port}")
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout:.0f} s")


def start(cmd: list[str], env: dict | None = None, cwd: Path = ROOT, log: Path | None = None) -> subprocess.Popen:
    """Start a server in its own process group (so stop() ends it and its workers only)."""
    out = open(log, "wb") if log else subprocess.DEVNULL
    return subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop(proc: subprocess.Popen, grace: float = 10) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)
    except ProcessLookupError:
        pass


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def vm_kb(pid: int, field: str = "VmHWM") -> int | None:
    """A memory figure of a live process from /proc, in kB: VmHWM (peak resident set size, the
    default) or VmRSS (resident now)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None




def run_child(args: list[str], timeout: float, python: str = PYTHON) -> dict:
    """Run `python SCRIPT --child ...` and parse the JSON line it prints last."""
    done = subprocess.run([python, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"child {args} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine_line() -> str:
    import platform

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "tracker", "pages", "components", "app.py"],
                               cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.splitlines()
        code = f"commit {head}" + (f" + {len(dirty)} uncommitted file(s) in app code" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        code = "commit ?"
    return (f"{time.strftime('%Y-%m-%d %H:%M %Z')} · {code} · Python {platform.python_version()} · "
            f"{os.cpu_count()} cores ({cpu}) · load average {load:.2f} at start")
