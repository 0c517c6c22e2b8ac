"""The command line's shared checks: every argument, the scenario and the output
location are checked here before any command simulates or writes; a bad value is a
:class:`CLIError` naming its flag, its value and the allowed range."""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ccsim.scenario import Scenario

EXIT_USAGE = 2
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130


#: The most paths one run may ask for: 10^8 paths of the default scenario are about a
#: CPU-day (0.4 M option-path-months a CPU-second, benchmarks/README.md) and 150 GB of
#: per-path results.
MAX_PATHS = 10**8
#: The most paths a sweep may ask for over all its points (about ten CPU-days).
MAX_SWEEP_PATHS = 10**9


class CLIError(ValueError):
    """A bad command-line argument, reported as one line."""


# ----------------------------------------------------------------------------- checks


def _load(path: str | None, args: argparse.Namespace | None = None) -> Scenario:
    """The scenario of a TOML file (or the built-in default), sized to the centre of the
    sizing flags (``--agents``/``--volume``, ``--aht-s``, ``--horizon``, ``--name``) if
    given, checked before any work."""
    from ccsim.run.sizing import read_scenario

    sizing = _sizing(args)
    if path is None:
        return _sized(None, sizing)
    p = Path(path)
    if not p.exists():
        raise CLIError(f"scenario file {path!r} does not exist")
    if p.is_dir():
        raise CLIError(f"scenario {path!r} is a directory; give a scenario TOML file")
    try:
        sc = read_scenario(p)
    except RecursionError:
        raise CLIError(f"scenario {path!r} is nested too deeply to be a scenario") from None
    except UnicodeDecodeError as exc:
        raise CLIError(f"scenario {path!r} is not UTF-8 text: {exc.reason}") from None
    return _sized(sc, sizing) if sizing else sc


#: Sizing flags and the argument of :func:`ccsim.default_scenario` each sets.
_SIZING_FLAGS = {"--agents": "agents", "--volume": "volume", "--aht-s": "aht_s",
                 "--horizon": "horizon_months", "--name": "name"}


def _sizing(args: argparse.Namespace | None) -> dict[str, Any]:
    if args is None:
        return {}
    return {kw: getattr(args, kw) for kw in _SIZING_FLAGS.values()
            if getattr(args, kw, None) is not None}


def _sized(scenario: Scenario | None, sizing: dict[str, Any]) -> Scenario:
    """The default (or ``scenario``) sized by the flags; a bad value names its flag."""
    from ccsim.run.sizing import default_scenario, sized_for

    for flag, kw in _SIZING_FLAGS.items():
        if kw != "name" and kw in sizing:
            _finite(flag, float(sizing[kw]))
    try:
        if scenario is None:
            return default_scenario(**sizing)
        return sized_for(scenario, **sizing)
    except ValueError as exc:
        msg = str(exc)
        for flag, kw in _SIZING_FLAGS.items():
            if msg.startswith(f"{kw} = "):
                msg = flag + msg[len(kw):]
        raise CLIError(msg) from None


def _sizing_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("size the scenario to your centre (ccsim.default_scenario)")
    g.add_argument("--agents", type=int, default=None,
                   help="in-house agents (FTE) today; the volume is solved from them")
    g.add_argument("--volume", type=float, default=None,
                   help="today's fresh calls a month (instead of --agents)")
    g.add_argument("--aht-s", dest="aht_s", type=float, default=None,
                   help="the centre's mean handle time, seconds (1-7200)")
    g.add_argument("--horizon", dest="horizon_months", type=int, default=None,
                   help="months simulated (1-600)")
    g.add_argument("--name", default=None, help="the scenario's name, shown on every output")


def _positive_int(name: str, value: int | None, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if value is None or value < 1:
        raise CLIError(f"{name} = {value} must be an integer >= 1")


def _paths(value: int) -> None:
    """``--paths``: at least 1, at most :data:`MAX_PATHS`."""
    _positive_int("--paths", value)
    if value > MAX_PATHS:
        raise CLIError(f"--paths = {value:,} is outside the allowed range [1, {MAX_PATHS:,}] "
                       "(10^8 paths are about a CPU-day; 4,000 give the default scenario's "
                       "summary to well under 1%)")


def _seed(value: int | None) -> None:
    if value is not None and value < 0:
        raise CLIError(f"--seed = {value} must be an integer >= 0")


def _metric_and_stat(metric: str, stat: str) -> None:
    """``--metric`` names a per-path output and ``--stat`` a statistic (drivers)."""
    from ccsim.outputs import PATH_OUTPUTS
    from ccsim.stats.estimators import parse_stat

    if metric not in PATH_OUTPUTS:
        raise CLIError(f"--metric = {metric!r} is not a per-path output; outputs are "
                       f"{list(PATH_OUTPUTS)}")
    try:
        parse_stat(stat)
    except (ValueError, TypeError) as exc:
        raise CLIError(f"--stat = {stat!r}: {exc}") from None


def _option(scenario: Scenario, name: str, value: str | None) -> None:
    if value is not None and value not in scenario.option_names:
        raise CLIError(f"{name} = {value!r} is not an option; options are "
                       f"{list(scenario.option_names)}")


def _finite(name: str, value: float | None) -> None:
    if value is not None and not math.isfinite(value):
        raise CLIError(f"{name} = {value} must be a finite number")


def _writable_dir(name: str, path: str | os.PathLike[str]) -> Path:
    """Create the output directory (if needed) and prove it writable, before simulating."""
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise CLIError(f"{name} {str(out)!r} is a file, not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        raise CLIError(f"{name} {str(out)!r} is not writable: {exc.strerror or exc}") from None
    return out


def _writable_file(name: str, path: str) -> Path:
    out = Path(path)
    if out.is_dir():
        raise CLIError(f"{name} {path!r} is a directory; give a file name")
    _writable_dir(f"the directory of {name}", out.parent if str(out.parent) else Path("."))
    return out


@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[Path]:
    """A temporary path next to ``path``, renamed onto it (``os.replace``) on success."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _check_finite_summary(summ: Any) -> None:
    """Refuse to print a NaN or infinite estimate as a number (exit 1, not 0)."""
    import numpy as np

    num = summ.select_dtypes("number")
    bad = ~np.isfinite(num.to_numpy(dtype=float))
    if bad.any():
        rows, cols = np.nonzero(bad)
        where = ", ".join(f"{num.index[r]}.{num.columns[c]}" for r, c in zip(rows[:5], cols[:5],
                                                                             strict=True))
        raise ArithmeticError(
            f"the simulation gave non-finite results ({where}); an input is outside the "
            "range the model can represent, check the scenario's largest values"
        )


def _progress(args: argparse.Namespace) -> bool | None:
    # None: a bar only when there is more than one chunk and stderr is a terminal
    return False if args.quiet else None


def _appetite_given(args: argparse.Namespace) -> bool:
    """True when any flag of the risk appetite was given."""
    return any(getattr(args, k, None) is not None for k in (
        "budget", "csat_floor", "csat_target", "max_p_over_budget", "max_p_below_floor",
        "rank_by"))


def _print_decision(decision: Any) -> None:
    """The verdict and its supporting lines (appetite, trade-off, failures, what could
    flip it), as :meth:`ccsim.Decision.lines` words them."""
    lines = [" ".join(str(x).split()) for x in decision.lines()]
    print("verdict: " + (lines[0] if lines else str(decision.verdict)))
    for line in lines[1:]:
        print("  " + line)


def _appetite_options(p: argparse.ArgumentParser) -> None:
    """The risk appetite's flags and ``--baseline``: with any of them, the verdict."""
    g = p.add_argument_group("risk appetite (any of these prints the verdict)")
    g.add_argument("--budget", type=float, default=None, help="cost budget, US$ NPV")
    g.add_argument("--csat-target", type=float, default=None, help=argparse.SUPPRESS)
    g.add_argument("--baseline", default=None, help="option to compare against (in_house)")
    from ccsim.present.report import add_appetite_arguments

    # --csat-floor --max-p-over-budget --max-p-below-floor --rank-by
    add_appetite_arguments(g)  # type: ignore[arg-type]


def _pack_options(p: argparse.ArgumentParser) -> None:
    _appetite_options(p)
    p.add_argument("--option", default=None, help="option of the waterfall page")
    p.add_argument("--dpi", type=int, default=150, help="PNG resolution (default 150)")


def _check_pack(scenario: Scenario, args: argparse.Namespace) -> None:
    _check_appetite_flags(scenario, args)
    _option(scenario, "--option", args.option)
    if not 50 <= args.dpi <= 600:  # the range write_report accepts
        raise CLIError(f"--dpi = {args.dpi} is outside the allowed range [50, 600]")


def _check_appetite_flags(scenario: Scenario, args: argparse.Namespace) -> None:
    """The appetite's flags and ``--baseline``; ``--csat-target`` (deprecated) is
    folded into ``--csat-floor``."""
    _finite("--budget", args.budget)
    _finite("--csat-target", args.csat_target)
    _finite("--csat-floor", args.csat_floor)
    if args.csat_target is not None:  # the deprecated old name of --csat-floor
        print("ccsim: warning: --csat-target is deprecated; use --csat-floor", file=sys.stderr)
        if args.csat_floor is not None and args.csat_floor != args.csat_target:
            raise CLIError(f"--csat-target = {args.csat_target} and --csat-floor = "
                           f"{args.csat_floor} disagree; give --csat-floor only")
        args.csat_floor, args.csat_target = args.csat_target, None
    for flag, v in (("--max-p-over-budget", args.max_p_over_budget),
                    ("--max-p-below-floor", args.max_p_below_floor)):
        _finite(flag, v)
        if v is not None and not 0.0 <= v <= 1.0:
            raise CLIError(f"{flag} = {v} is outside the allowed range [0, 1]")
    _option(scenario, "--baseline", args.baseline)
    _check_appetite(args)


#: The appetite's fields by their flags, longest first (a message starts with the field).
_APPETITE_FLAGS = (("max_p_over_budget", "--max-p-over-budget"),
                   ("max_p_below_floor", "--max-p-below-floor"),
                   ("csat_floor", "--csat-floor"), ("rank_by", "--rank-by"),
                   ("budget", "--budget"))


def _check_appetite(args: argparse.Namespace) -> None:
    """Build the risk appetite of the flags now (``--budget -1`` or ``--rank-by
    nonsense`` are refused before the simulation, not after it), naming the flag."""
    from ccsim.present.report import appetite_from_args

    try:
        appetite_from_args(args)
    except (ValueError, TypeError) as exc:
        msg = str(exc)
        for field, flag in _APPETITE_FLAGS:
            if msg.startswith(field):
                msg = flag + msg[len(field):]
                break
        else:
            if args.rank_by is not None and repr(args.rank_by) in msg:
                msg = f"--rank-by = {args.rank_by!r}: {msg}"
        raise CLIError(msg) from None
