"""``ccsim excel`` and ``ccsim breakeven``: the workbook and the break-even number from
the command line, every flag checked before anything runs or is written."""

from __future__ import annotations

import argparse
import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ccsim.scenario import Scenario

from ccsim.cli._base import (
    MAX_PATHS,
    CLIError,
    _appetite_given,
    _appetite_options,
    _atomic,
    _check_appetite_flags,
    _check_finite_summary,
    _finite,
    _load,
    _option,
    _paths,
    _print_decision,
    _progress,
    _seed,
    _sizing_options,
    _writable_file,
)
from ccsim.format import option_label

__all__ = ["add_breakeven", "add_excel"]

# ----------------------------------------------------------------------------- excel


def _excel_target(flag: str, path: str, scenario: Scenario, args: argparse.Namespace) -> Path:
    """The workbook's path, checked before simulating: an ``.xlsx`` name in a writable
    directory, and (with ``--per-path``) a per-path table that fits one sheet."""
    from ccsim.present.export import EXCEL_MAX_ROWS

    if Path(path).suffix.lower() != ".xlsx":
        raise CLIError(f"{flag} = {path!r} must end in .xlsx")
    target = _writable_file(flag, path)
    rows = len(scenario.options) * args.paths
    if getattr(args, "per_path", False) and rows + 1 > EXCEL_MAX_ROWS:
        raise CLIError(f"--per-path: {len(scenario.options)} options x {args.paths:,} paths = "
                       f"{rows:,} rows, more than an Excel sheet holds "
                       f"({EXCEL_MAX_ROWS - 1:,}); use fewer --paths or leave out --per-path")
    return target


def _write_excel(res: Any, target: Path, args: argparse.Namespace, decision: Any) -> None:
    from ccsim.present.report import appetite_from_args

    if decision is None:
        decision = res.decide(appetite=appetite_from_args(args), baseline=args.baseline)
    with _atomic(target) as tmp:
        # the temporary name ends in .tmp; the writer needs .xlsx
        xlsx = tmp.with_suffix(".xlsx")
        try:
            res.to_excel(xlsx, decision=decision, per_path=bool(args.per_path))
            os.replace(xlsx, tmp)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(xlsx)
    print(f"wrote {target}")


def _cmd_excel(args: argparse.Namespace) -> int:
    from ccsim.run.simulate import simulate

    scenario = _load(args.scenario, args)
    _paths(args.paths)
    _seed(args.seed)
    _check_appetite_flags(scenario, args)
    target = _excel_target("OUT", args.out, scenario, args)
    res = simulate(scenario, n_paths=args.paths, seed=args.seed, progress=_progress(args),
                   keep_monthly=True)
    _check_finite_summary(res.summary()[["cost_mean", "csat_mean"]])
    print(f"{scenario.name}: {res.n_paths:,} paths x {res.horizon} months, "
          f"seed {res.seed.entropy}")
    decision = None
    if _appetite_given(args):
        from ccsim.present.report import appetite_from_args

        decision = res.decide(appetite=appetite_from_args(args), baseline=args.baseline)
        _print_decision(decision)
    _write_excel(res, target, args, decision)
    return 0


def add_excel(subparsers: Any) -> None:
    """Add ``ccsim excel OUT.xlsx [SCENARIO.toml] [--per-path]``: simulate and write the
    Excel workbook (summary with chart, decision, break-even, drivers, assumptions).

    Examples
    --------
    >>> import argparse
    >>> ap = argparse.ArgumentParser(prog="ccsim")
    >>> add_excel(ap.add_subparsers(dest="command"))
    >>> args = ap.parse_args(["excel", "result.xlsx", "--agents", "60"])
    >>> args.out, args.agents, args.per_path, args.paths
    ('result.xlsx', 60, False, 4000)
    """
    p = subparsers.add_parser(
        "excel", help="simulate a scenario and write a formatted Excel workbook",
        description="Simulate a scenario and write an Excel workbook a finance team can "
        "use: the scenario and its key inputs, the summary with a chart of mean cost by "
        "part, the decision, break-even estimates, drivers and every assumption. The "
        "per-path sheets are opt-in (--per-path).",
    )
    p.add_argument("out", metavar="OUT.xlsx", help="workbook to write (overwritten)")
    p.add_argument("scenario", nargs="?", help="scenario TOML file (default: built-in)")
    p.add_argument("--paths", type=int, default=4000, help="Monte Carlo paths (default 4000)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: fresh)")
    p.add_argument("--per-path", action="store_true",
                   help="include one row per option and future (large: about 10 MB and "
                   "10 s per 1,000 paths of the default scenario)")
    _sizing_options(p)
    _appetite_options(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_excel)


# ----------------------------------------------------------------------------- breakeven


def _cmd_breakeven(args: argparse.Namespace) -> int:
    from ccsim.assumptions import plain_value
    from ccsim.sensitivity.breakeven import breakeven

    scenario = _load(args.scenario, args)
    names = scenario.parameter_paths()
    if args.input not in names:
        near = [n for n in names if args.input.rsplit(".", 1)[-1] in n][:6]
        raise CLIError(f"INPUT = {args.input!r} is not an input of the scenario"
                       + (f"; did you mean one of {near}?" if near else
                          "; `ccsim drivers` and the assumptions table list the inputs"))
    _option(scenario, "--option", args.option)
    _option(scenario, "--baseline", args.baseline)
    if args.baseline is not None and args.baseline == args.option:
        raise CLIError(f"--baseline = {args.baseline!r} is the --option itself; compare "
                       "with another option")
    _paths(args.paths)
    if args.paths < 100:
        raise CLIError(f"--paths = {args.paths} is outside the allowed range [100, "
                       f"{MAX_PATHS:,}] (a break-even needs at least 100 paths a run)")
    _seed(args.seed)
    bracket = None
    if args.bracket is not None:
        lo, hi = args.bracket
        _finite("--bracket", lo)
        _finite("--bracket", hi)
        if not lo < hi:
            raise CLIError(f"--bracket = {lo:g} {hi:g}: the low end must be below the high end")
        bracket = (lo, hi)
    try:
        be = breakeven(scenario, args.input, option=args.option, baseline=args.baseline,
                       n_paths=args.paths, seed=args.seed, bracket=bracket,
                       widen=True if bracket is None else args.widen)
    except KeyError as exc:  # a bad argument found by breakeven's own checks
        raise CLIError(str(exc.args[0] if exc.args else exc)) from None
    what = f"{option_label(be.option)} vs {option_label(be.baseline)}"
    lo_b, hi_b = (plain_value(v, be.unit) for v in be.bracket)
    print(f"{scenario.name}: break-even of {be.label} ({what}), {be.n_paths:,} paths a run, "
          f"{len(be.curve)} runs, seed {be.seed}")
    if be.value is not None:
        print(f"break-even: {plain_value(be.value, be.unit)}")
    else:
        print(f"break-even: none between {lo_b} and {hi_b}")
    print(be.sentence())
    if be.widened and be.prior is not None:
        lo_p, hi_p = (plain_value(v, be.unit) for v in be.prior)
        print(f"searched {lo_b} to {hi_b}, widened from the assumed range {lo_p} to {hi_p}")
    return 0


def add_breakeven(subparsers: Any) -> None:
    """Add ``ccsim breakeven INPUT --option X [--baseline B]``: the value of an input at
    which an option's mean saving over the baseline is zero (:func:`ccsim.breakeven`).

    Examples
    --------
    >>> import argparse
    >>> ap = argparse.ArgumentParser(prog="ccsim")
    >>> add_breakeven(ap.add_subparsers(dest="command"))
    >>> args = ap.parse_args(["breakeven", "offshore.staffing.price_per_hour",
    ...                       "--option", "offshore", "--agents", "60"])
    >>> args.input, args.option, args.baseline, args.paths, args.agents
    ('offshore.staffing.price_per_hour', 'offshore', None, 1000, 60)
    """
    p = subparsers.add_parser(
        "breakeven", help="the value of an input at which an option stops paying",
        description="Find the value of INPUT (a dotted input name, e.g. "
        "offshore.staffing.price_per_hour) at which --option's mean saving over "
        "--baseline is zero: every run fixes the input and shares one seed. The search "
        "starts on the input's assumed range and widens it in doubling steps (at most "
        "12, within the input's documented limits) until the saving changes sign; when "
        "it never does, it says so.",
    )
    p.add_argument("input", metavar="INPUT", help="dotted input name, e.g. "
                   "offshore.staffing.price_per_hour")
    p.add_argument("--option", required=True, help="option examined, e.g. offshore")
    p.add_argument("--baseline", default=None,
                   help="option compared against (default in_house)")
    p.add_argument("--scenario", default=None, help="scenario TOML file (default: built-in)")
    p.add_argument("--paths", type=int, default=1000, help="paths per run (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="seed shared by every run (default 0)")
    p.add_argument("--bracket", type=float, nargs=2, default=None, metavar=("LOW", "HIGH"),
                   help="search only between LOW and HIGH (default: the assumed range, "
                   "widened as needed)")
    p.add_argument("--widen", action="store_true",
                   help="with --bracket: still widen it when the saving keeps one sign")
    _sizing_options(p)
    p.set_defaults(func=_cmd_breakeven)
