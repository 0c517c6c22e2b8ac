"""Command line: every ``ccsim`` command lives here (the argument checks they share in
:mod:`ccsim.cli.checks`).

``ccsim run [SCENARIO.toml]`` prints the summary (``--out DIR`` writes the tables,
``--report`` also the board pack from the same run); ``ccsim report`` writes the board
pack; ``ccsim sweep`` runs a decision sweep; ``ccsim drivers`` ranks the uncertain
inputs; ``ccsim --version`` prints the version. ``ccsim <command> --help`` lists each
command's options.

Every command checks all its arguments, the scenario and its output location before it
simulates or writes anything (a run of more than :data:`MAX_PATHS` paths, or a sweep of
more than :data:`MAX_SWEEP_PATHS` paths over all its points, is refused; a sweep says up
front how much work it is). ``ccsim unlock DIR`` clears a sweep store's stale lock. No
traceback reaches the user: an internal failure (a worker process killed, a model
blow-up) is one line too, with status 1. Output that the terminal cannot encode is
printed with replacement characters. A user error (bad value, unreadable scenario, output that cannot be written)
prints one line ``ccsim: error: ...`` on stderr and exits with status 2 (1 when writing
fails part-way, e.g. a full disk); Ctrl-C exits with status 130. Files are written
through a temporary file and an atomic rename, so a failure never leaves a half-written
table behind.

Examples
--------
>>> ap = build_parser()
>>> ap.parse_args(["drivers", "--option", "offshore", "--baseline", "in_house"]).paths
512
"""

from __future__ import annotations

import argparse
import contextlib
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ccsim.cli.checks import (
    MAX_PATHS,
    MAX_SWEEP_PATHS,
    CLIError,
    _atomic,
    _check_finite_summary,
    _finite,
    _metric_and_stat,
    _option,
    _paths,
    _positive_int,
    _seed,
    _writable_dir,
    _writable_file,
)
from ccsim.format import fmt_money, fmt_pct

if TYPE_CHECKING:
    from ccsim.scenario import Scenario

__all__ = [
    "MAX_PATHS",
    "MAX_SWEEP_PATHS",
    "add_drivers",
    "add_report",
    "add_run",
    "add_sweep",
    "add_unlock",
    "build_parser",
    "main",
]

#: Exit status of a user error (bad argument, unreadable input) and of Ctrl-C.
EXIT_USAGE = 2
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130


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


def _progress(args: argparse.Namespace) -> bool | None:
    # None: a bar only when there is more than one chunk and stderr is a terminal
    return False if args.quiet else None


# ----------------------------------------------------------------------------- run


def _cmd_run(args: argparse.Namespace) -> int:
    import pandas as pd

    from ccsim.run.simulate import simulate

    scenario = _load(args.scenario, args)
    _paths(args.paths)
    _seed(args.seed)
    if args.report and not args.out:
        raise CLIError("--report needs --out DIR (the board pack is written there)")
    _check_pack(scenario, args)  # every flag, the pack's too, before anything is written
    out = _writable_dir("--out", args.out) if args.out else None
    res = simulate(scenario, n_paths=args.paths, seed=args.seed, progress=_progress(args))
    summ = res.summary()
    money = ["cost_mean", "operating_cost_mean", "incident_cost_mean", "customer_cost_mean",
             "cost_p05", "cost_p95", "cost_cvar95"]
    cols = [*money, "csat_mean", "p_cheapest", "p_best_csat"]
    _check_finite_summary(summ[cols])
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        shown = summ[cols].copy()
        for c in money:
            shown[c] = shown[c].map(fmt_money)
        for c in cols[len(money) + 1:]:
            shown[c] = shown[c].map(lambda v: fmt_pct(v, 1))
        print(f"{scenario.name}: {res.n_paths:,} paths x {res.horizon} months, "
              f"seed {res.seed.entropy}")
        print(shown.to_string(float_format=lambda v: f"{v:.1f}"))
    if out is not None:
        paths = res.paths()
        try:
            import pyarrow  # noqa: F401

            target, write = out / "paths.parquet", lambda p: paths.to_parquet(p, index=False)
        except ImportError:
            target, write = out / "paths.csv", lambda p: paths.to_csv(p, index=False)
        # both tables to temporary files first: a failure leaves neither half-written
        with _atomic(out / "summary.csv") as tmp_s, _atomic(target) as tmp_p:
            summ.to_csv(tmp_s)
            write(tmp_p)
        print(f"wrote {out / 'summary.csv'} and {target}")
        if args.report:
            _write_pack(res, out, args)
    return 0


def add_run(subparsers: Any) -> None:
    """Add ``ccsim run [SCENARIO.toml] [--out DIR [--report]]``."""
    run = subparsers.add_parser("run", help="simulate a scenario and print its summary")
    run.add_argument("scenario", nargs="?", help="scenario TOML file (default: built-in)")
    run.add_argument("--paths", type=int, default=10_000, help="Monte Carlo paths (default 10000)")
    run.add_argument("--seed", type=int, default=None, help="random seed (default: fresh)")
    run.add_argument("--out", default=None, help="directory for summary.csv and the per-path table")
    run.add_argument("--report", action="store_true",
                     help="also write the board pack into --out, from the same simulation")
    _sizing_options(run)
    _pack_options(run)
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.set_defaults(func=_cmd_run)


# ----------------------------------------------------------------------------- report


def _pack_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--budget", type=float, default=None, help="cost budget, US$ NPV")
    p.add_argument("--csat-target", type=float, default=None,
                   help="deprecated old name of --csat-floor")
    p.add_argument("--baseline", default=None, help="option to compare against (in_house)")
    p.add_argument("--option", default=None, help="option of the waterfall page")
    p.add_argument("--dpi", type=int, default=150, help="PNG resolution (default 150)")
    from ccsim.present.report import add_appetite_arguments

    add_appetite_arguments(p)  # --csat-floor --max-p-over-budget --max-p-below-floor --rank-by


def _check_pack(scenario: Scenario, args: argparse.Namespace) -> None:
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
    _option(scenario, "--option", args.option)
    if not 50 <= args.dpi <= 600:  # the range write_report accepts
        raise CLIError(f"--dpi = {args.dpi} is outside the allowed range [50, 600]")
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


def _write_pack(res: Any, out: Path, args: argparse.Namespace) -> None:
    from ccsim.present.report import appetite_from_args, write_report

    pack = write_report(res, out, budget=args.budget, csat_floor=args.csat_floor,
                        baseline=args.baseline, option=args.option, dpi=args.dpi,
                        appetite=appetite_from_args(args))
    if pack.decision is not None:
        print("verdict: " + pack.decision.verdict.replace("\n", " "))
    for f in pack.findings:
        print("  - " + f.replace("\n", " "))
    print(f"wrote {pack.pdf}, {len(pack.figures)} PNGs in {pack.directory / 'figures'}, "
          f"{pack.summary.name} and {pack.assumptions.name}")


def _cmd_report(args: argparse.Namespace) -> int:
    from ccsim.run.simulate import simulate

    scenario = _load(args.scenario, args)
    _paths(args.paths)
    _seed(args.seed)
    _check_pack(scenario, args)
    out = _writable_dir("--out", args.out)
    res = simulate(scenario, n_paths=args.paths, seed=args.seed, progress=_progress(args),
                   keep_monthly=True)
    _check_finite_summary(res.summary()[["cost_mean", "csat_mean"]])
    print(f"{scenario.name}: {res.n_paths:,} paths x {res.horizon} months, "
          f"seed {res.seed.entropy}")
    _write_pack(res, out, args)
    return 0


def add_report(subparsers: Any) -> None:
    """Add ``ccsim report [SCENARIO.toml] --out DIR`` to an argparse subparsers object.

    Examples
    --------
    >>> import argparse
    >>> ap = argparse.ArgumentParser(prog="ccsim")
    >>> add_report(ap.add_subparsers(dest="command"))
    >>> ap.parse_args(["report", "--out", "pack", "--paths", "256"]).paths
    256
    """
    rep = subparsers.add_parser(
        "report", help="simulate a scenario and write the board pack (PDF, PNGs, CSV)",
        description="Simulate a scenario and write the board pack: a multi-page PDF (one "
        "finding per page and the assumptions), the figures as PNG and the summary as CSV.",
    )
    rep.add_argument("scenario", nargs="?", help="scenario TOML file (default: built-in)")
    rep.add_argument("--out", default="board-pack", help="output directory (default board-pack)")
    rep.add_argument("--paths", type=int, default=4000, help="Monte Carlo paths (default 4000)")
    rep.add_argument("--seed", type=int, default=None, help="random seed (default: fresh)")
    _sizing_options(rep)
    _pack_options(rep)
    rep.add_argument("--quiet", action="store_true", help="no progress bar")
    rep.set_defaults(func=_cmd_report)


# ----------------------------------------------------------------------------- sweep


def _cmd_sweep(args: argparse.Namespace) -> int:
    import pandas as pd

    from ccsim.run.sweep import parse_grid_spec, sweep

    scenario = _load(args.scenario)
    grid: dict[str, list[float]] = {}
    for spec in args.grid:
        path, vals = parse_grid_spec(spec)
        grid[path] = vals
    _paths(args.paths)
    _seed(args.seed)
    _positive_int("--workers", args.workers, optional=True)
    _positive_int("--chunk-size", args.chunk_size, optional=True)
    _option(scenario, "--baseline", args.baseline)
    if args.scheduler and args.backend != "dask":
        raise CLIError("--scheduler needs --backend dask")
    _sweep_work(scenario, grid, args)
    out = _writable_dir("--out", args.out) if args.out else None
    client = None
    if args.scheduler:
        from distributed import Client

        client = Client(args.scheduler)
    try:
        res = sweep(
            scenario, grid, n_paths=args.paths, seed=args.seed, baseline=args.baseline,
            backend=args.backend, workers=args.workers, client=client,
            chunk_size=args.chunk_size, store=None if out is None else out / "points",
            progress=_progress(args),
        )
    finally:
        if client is not None:
            client.close()
    df = res.frame()
    with pd.option_context("display.width", 160, "display.max_columns", 30):
        print(f"{scenario.name}: {len(res)} points x {res.n_paths:,} paths, seed {res.seed.entropy}")
        print(df.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    if out is not None:
        with _atomic(out / "sweep.csv") as tmp:
            df.to_csv(tmp, index=False)
        print(f"wrote {out / 'sweep.csv'} and {len(res)} points in {out / 'points'}")
    return 0


def _sweep_work(scenario: Scenario, grid: dict[str, list[float]],
                args: argparse.Namespace) -> None:
    """Refuse a sweep of more than :data:`MAX_SWEEP_PATHS` paths in all; say how much
    work it is before starting (on stderr, unless ``--quiet``)."""
    points = math.prod(len(v) for v in grid.values())
    total = points * args.paths
    if total > MAX_SWEEP_PATHS:
        raise CLIError(f"the sweep asks for {points:,} points x {args.paths:,} paths = "
                       f"{total:,} paths; at most {MAX_SWEEP_PATHS:,} are allowed (use "
                       "fewer --paths or a coarser --grid)")
    if not args.quiet:
        work = total * len(scenario.options) * scenario.horizon
        print(f"ccsim: sweep of {points:,} points x {args.paths:,} paths = {total:,} paths "
              f"({work:.2g} option-path-months)", file=sys.stderr)


def add_sweep(subparsers: Any) -> None:
    """Add the ``ccsim sweep`` subcommand to an ``argparse`` subparsers object.

    ``ccsim sweep [SCENARIO.toml] --grid PATH=START:STOP:NUM [--grid ...] --paths N
    [--seed S] [--baseline OPTION] [--backend serial|processes|dask] [--workers W]
    [--scheduler tcp://HOST:8786] [--chunk-size C] [--out DIR] [--quiet]``. With
    ``--out``, finished points go to ``DIR/points`` (rerun to resume) and the table to
    ``DIR/sweep.csv``.
    """
    p = subparsers.add_parser(
        "sweep",
        help="simulate a scenario over a grid of parameter values (resumable with --out)",
    )
    p.add_argument("scenario", nargs="?", help="scenario TOML file (default: built-in)")
    p.add_argument(
        "--grid", action="append", required=True, metavar="PATH=START:STOP:NUM",
        help="swept parameter, e.g. offshore.quality.oversight=0:1:11 or "
        "hybrid.vendor_share=0.2,0.5,0.8; repeat for a full factorial grid",
    )
    p.add_argument("--paths", type=int, default=10_000, help="paths per point (default 10000)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: fresh or stored)")
    p.add_argument("--baseline", default=None,
                   help="option the savings are measured against (default: first)")
    p.add_argument("--backend", choices=("serial", "processes", "dask"), default="serial")
    p.add_argument("--workers", type=int, default=None, help="local worker processes")
    p.add_argument("--scheduler", default=None, help="address of a Dask scheduler (with --backend dask)")
    p.add_argument("--chunk-size", type=int, default=None, help="paths per job")
    p.add_argument("--out", default=None, help="directory for sweep.csv and the resumable point store")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_sweep)


# ----------------------------------------------------------------------------- drivers


def _cmd_drivers(args: argparse.Namespace) -> int:
    from ccsim.sensitivity import input_importance, tornado

    scenario = _load(args.scenario)
    _option(scenario, "--option", args.option)
    _option(scenario, "--baseline", args.baseline)
    _paths(args.paths)
    _seed(args.seed)
    _metric_and_stat(args.metric, args.stat)
    _positive_int("--top", args.top, optional=True)
    for name, q in (("--low", args.low), ("--high", args.high)):
        if not 0.0 < q < 1.0:
            raise CLIError(f"{name} = {q} must be a quantile strictly between 0 and 1")
    if args.low >= args.high:
        raise CLIError(f"--low = {args.low} must be below --high = {args.high}")
    out = _writable_file("--out", args.out) if args.out else None
    inputs = None
    if args.top is not None:
        from ccsim.run.simulate import simulate

        screen = simulate(scenario, args.paths, seed=args.seed, keep_monthly=False,
                          progress=False)
        imp = input_importance(screen, args.option, args.metric,
                               baseline=args.baseline).frame()
        inputs = imp["input"].head(args.top).tolist()
    t = tornado(scenario, args.option, args.metric, args.stat, low=args.low, high=args.high,
                n_paths=args.paths, seed=args.seed, baseline=args.baseline, inputs=inputs)
    what = (f"{args.metric} for {args.option}" if args.baseline is None
            else f"the saving of {args.option} vs {args.baseline} in {args.metric} "
            "(positive = the option is better)")
    print(f"tornado of the {args.stat} of {what}, {args.paths:,} paths per run")
    table = t.frame()
    print(table.to_string(index=False, float_format=lambda v: f"{v:,.4g}"))
    if out is not None:
        with _atomic(out) as tmp:
            table.to_csv(tmp, index=False)
        print(f"wrote {out}")
    return 0


def add_drivers(subparsers: Any) -> None:
    """Add ``ccsim drivers``: a tornado table of what drives an option's cost or saving.

    Parameters
    ----------
    subparsers
        The object returned by ``ArgumentParser.add_subparsers()``.

    Examples
    --------
    >>> import argparse
    >>> ap = argparse.ArgumentParser(prog="ccsim")
    >>> add_drivers(ap.add_subparsers(dest="command"))
    >>> args = ap.parse_args(["drivers", "--option", "offshore", "--baseline", "in_house"])
    >>> args.option, args.baseline, args.paths
    ('offshore', 'in_house', 512)
    """
    p = subparsers.add_parser(
        "drivers", help="tornado: which inputs drive an option's cost (or its saving)"
    )
    p.add_argument("scenario", nargs="?", help="scenario TOML file (default: built-in)")
    p.add_argument("--option", required=True, help="option examined, e.g. offshore")
    p.add_argument("--baseline", "--versus", dest="baseline", default=None,
                   help="baseline option: explain the paired saving against it "
                   "(--versus is the old name)")
    p.add_argument("--metric", default="npv_cost", help="per-path output (default npv_cost)")
    p.add_argument("--stat", default="mean", help="mean, p95, cvar95, ... (default mean)")
    p.add_argument("--low", type=float, default=0.1, help="low quantile (default 0.1)")
    p.add_argument("--high", type=float, default=0.9, help="high quantile (default 0.9)")
    p.add_argument("--paths", type=int, default=512, help="paths per run (default 512)")
    p.add_argument("--seed", type=int, default=0, help="seed of every run (default 0)")
    p.add_argument("--top", type=int, default=None,
                   help="swing only the N inputs ranked highest by a screening run")
    p.add_argument("--out", default=None, help="CSV file for the tornado table")
    p.set_defaults(func=_cmd_drivers)


# ----------------------------------------------------------------------------- unlock


def _cmd_unlock(args: argparse.Namespace) -> int:
    from ccsim.run.store import LOCK_NAME, clear_lock

    where = Path(args.store)
    if not where.exists():
        raise CLIError(f"store {args.store!r} does not exist")
    if where.is_dir() and not (where / LOCK_NAME).exists() and (where / "points").is_dir():
        where = where / "points"  # the --out directory of ccsim sweep
    held = clear_lock(where, force=args.force)
    if held is None:
        print(f"no lock in {where}: nothing to clear")
    elif not held:
        print(f"removed the empty or malformed lock of {where}")
    else:
        print(f"removed the lock of {where} (process {held['pid']} on {held['host']}, "
              f"started {held['started']}); finished points are kept")
    return 0


def add_unlock(subparsers: Any) -> None:
    """Add ``ccsim unlock DIR [--force]``: clear a sweep store's stale lock."""
    p = subparsers.add_parser(
        "unlock", help="clear the lock a killed sweep left on its store (finished points stay)",
        description="Remove DIR's sweep lock (DIR is the --out of ccsim sweep, or its points "
        "store) when the sweep that held it was killed, ran on another host, or left an "
        "empty file. A lock of a sweep still running on this host is kept unless --force.",
    )
    p.add_argument("store", metavar="DIR", help="the sweep's --out directory or its store")
    p.add_argument("--force", action="store_true",
                   help="remove the lock even if its sweep seems to run on this host")
    p.set_defaults(func=_cmd_unlock)


# ----------------------------------------------------------------------------- main


def build_parser() -> argparse.ArgumentParser:
    """The ``ccsim`` argument parser with every subcommand."""
    from ccsim import __version__

    ap = argparse.ArgumentParser(prog="ccsim", description="Call-center sourcing Monte Carlo")
    ap.add_argument("--version", action="version", version=f"ccsim {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    for add in (add_run, add_report, add_sweep, add_drivers, add_unlock):
        add(sub)
    return ap


def _error(message: str, code: int) -> int:
    text = " ".join(str(message).split()) or "unknown error"
    print(f"ccsim: error: {text}", file=sys.stderr)
    return code


def _os_message(exc: OSError) -> str:
    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    return f"{exc.strerror or exc}{where}"


def _replace_unencodable() -> None:
    """Print what the terminal cannot encode (an option's name) as a replacement
    character instead of failing after the run."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError, TypeError):
                reconfigure(errors="replace")


def _internal(exc: BaseException) -> str:
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(exc, BrokenProcessPool) or isinstance(exc.__cause__, BrokenProcessPool):
        return ("a worker process died (killed, or out of memory); run again, with fewer "
                "--workers or a smaller --chunk-size (a sweep with --out keeps its finished "
                "points)")
    from ccsim.errors import SimulationError

    if isinstance(exc, SimulationError):
        return str(exc)
    return f"internal error ({type(exc).__name__}: {exc}); please report it with the command"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``ccsim`` command line; returns the exit status (0 on success)."""
    _replace_unencodable()
    ap = build_parser()
    try:
        try:
            args = ap.parse_args(argv)
        except SystemExit as exc:  # --help, --version, or argparse's own usage error
            return exc.code if isinstance(exc.code, int) else EXIT_USAGE
        func: Callable[[argparse.Namespace], int] = args.func
        return int(func(args))
    except KeyboardInterrupt:
        print("ccsim: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (ValueError, TypeError, KeyError) as exc:
        msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        return _error(str(msg), EXIT_USAGE)
    except ArithmeticError as exc:
        return _error(str(exc), EXIT_FAILED)
    except MemoryError:
        return _error("out of memory; use fewer --paths", EXIT_FAILED)
    except OSError as exc:
        return _error(_os_message(exc), EXIT_FAILED)
    except ImportError as exc:
        return _error(f"{exc}; install the extra it needs", EXIT_FAILED)
    except Exception as exc:  # a worker killed, a model blow-up, a bug: one line, no traceback
        return _error(_internal(exc), EXIT_FAILED)
