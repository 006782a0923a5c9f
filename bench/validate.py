"""Benchmark ``slmspec validate`` against the floor of parsing the same files with libyaml.

Generates a project of N contracts (plus proportionate SLAs, service windows,
priority matrices and a settings file with people and fields) in a temporary
folder, then prints, in one run:

* the floor: every file parsed with PyYAML's C loader in one process;
* ``slmspec validate`` as a command (a subprocess, imports included) and
  ``compile_project`` in-process;
* ``check-jsonschema`` on the contract files with the project's generated
  Contract schema.

    python3 bench/validate.py                 # N = 10000
    python3 bench/validate.py --n 2000 --keep

Target at N = 10000: validate / floor <= 2.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from corpus import TODAY, generate


def measure(rounds: int, actions: dict[str, Callable[[], object]]) -> dict[str, list]:
    """Wall and CPU seconds of each action in ``rounds`` interleaved rounds.

    Interleaving (a, b, c, a, b, c, ...) keeps a burst of load on a shared
    machine from favouring one measurement over another.  Returns name ->
    [(wall, cpu), ...] per round, plus name + ":result" -> the last result.
    """
    samples: dict[str, list] = {name: [] for name in actions}
    for _ in range(rounds):
        for name, action in actions.items():
            cpu = _cpu()
            started = time.perf_counter()
            result = action()
            samples[name].append((time.perf_counter() - started, _cpu() - cpu))
            samples[name + ":result"] = result
            del result
    return samples


def _cpu() -> float:
    """CPU time of this process and of its finished children: robust on a busy machine."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def floor(paths: list[Path]) -> int:
    count = 0
    for path in paths:
        with path.open("rb") as handle:
            count += yaml.load(handle, Loader=yaml.CSafeLoader) is not None
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of contracts (10000)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="interleaved rounds of measurements; the fastest run counts (3)")
    parser.add_argument("--keep", action="store_true", help="keep the generated project")
    parser.add_argument("--no-check-jsonschema", action="store_true",
                        help="skip the (slow) check-jsonschema measurement")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="slmspec-bench-"))
    try:
        files = generate(root, args.n)
        every = files["settings"] + files["others"] + files["contracts"]
        print(f"project: {root} ({len(every)} files, {len(files['contracts'])} contracts, "
              f"{sum(p.stat().st_size for p in every) / 1e6:.1f} MB)")
        run(root, files, every, args)
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root)
    return 0


def _summary(compilation) -> tuple[int, int]:
    """(errors, warnings) of a compilation, so the measured run does not keep it alive."""
    from slmspec.diagnostics import Severity

    errors = sum(d.severity is Severity.ERROR for d in compilation.diagnostics)
    return errors, len(compilation.diagnostics) - errors


def run(root: Path, files: dict[str, list[Path]], every: list[Path], args) -> None:
    from slmspec import schema
    from slmspec.compiler import compile_project

    settings, problems = schema.read_settings(root)
    assert settings is not None, problems
    schema.write(root, schema.generate(settings))

    floor(every)  # warm the page cache
    command = [sys.executable, "-m", "slmspec", "-C", str(root), "validate",
               "--today", TODAY.isoformat()]
    timings = measure(args.repeat, {
        "floor": lambda: floor(every),
        "in-process": lambda: _summary(compile_project(root, TODAY)),
        "command": lambda: subprocess.run(command, capture_output=True, text=True, check=False),
    })
    errors, warnings = timings["in-process:result"]
    print(f"validate: {errors} errors, {warnings} warnings, "
          f"exit {timings['command:result'].returncode}")
    if not args.no_check_jsonschema:
        check = [sys.executable, "-m", "check_jsonschema", "--schemafile",
                 str(root / "schemas" / "contract.schema.json"), *map(str, files["contracts"])]
        timings.update(measure(1, {"check-jsonschema": lambda: subprocess.run(
            check, capture_output=True, text=True, check=False)}))
        print(f"check-jsonschema: exit {timings['check-jsonschema:result'].returncode}")
    report(timings, {
        "floor": f"floor: PyYAML CSafeLoader, {len(every)} files, one process",
        "in-process": "slmspec validate, in-process compile_project",
        "command": "slmspec validate, the command (subprocess)",
        "check-jsonschema": f"check-jsonschema, {len(files['contracts'])} contracts (subprocess)",
    })


def report(timings: dict[str, list], labels: dict[str, str]) -> None:
    """Best times, then ratios to the floor: of the best times and per round (median)."""
    print(f"\n{'best of the rounds':58} {'wall':>8} {'cpu':>8}")
    for key, label in labels.items():
        if key in timings:
            wall = min(w for w, _ in timings[key])
            cpu = min(c for _, c in timings[key])
            print(f"{label:58} {wall:7.2f}s {cpu:7.2f}s")
    floor_wall = min(w for w, _ in timings["floor"])
    print()
    for key, name in (("in-process", "validate (in-process)"), ("command", "validate (command)"),
                      ("check-jsonschema", "check-jsonschema")):
        if key not in timings:
            continue
        best = min(w for w, _ in timings[key]) / floor_wall
        line = f"{name} / floor = {best:.2f}x"
        if len(timings[key]) > 1:
            rounds = [w / f for (w, _), (f, _) in zip(timings[key], timings["floor"], strict=True)]
            line += f"   (per round: median {statistics.median(rounds):.2f}x, " \
                    f"range {min(rounds):.2f}-{max(rounds):.2f}x)"
        print(line)

if __name__ == "__main__":
    sys.exit(main())
