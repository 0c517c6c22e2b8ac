"""Command line.

``ccsim run [SCENARIO.toml]`` prints the summary; ``ccsim report`` writes the board
pack; ``ccsim sweep`` runs a decision sweep; ``ccsim drivers`` ranks the uncertain
inputs. ``ccsim <command> --help`` lists each command's options.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]


def _load(path: str | None):  # type: ignore[no-untyped-def]
    from ccsim.scenario import Scenario
    from ccsim.scenario.presets import default_scenario

    if path is None:
        return default_scenario()
    return Scenario.from_toml(path)


def _cmd_run(args: argparse.Namespace) -> int:
    import pandas as pd

    from ccsim.run.simulate import simulate

    scenario = _load(args.scenario)
    res = simulate(scenario, n_paths=args.paths, seed=args.seed, progress=not args.quiet)
    summ = res.summary()
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        cols = ["cost_mean", "cost_p05", "cost_p95", "cost_cvar95", "csat_mean", "p_cheapest", "p_best_csat"]
        shown = summ[cols].copy()
        for c in cols[:4]:
            shown[c] = (shown[c] / 1e6).map(lambda v: f"${v:,.1f}M")
        print(f"{scenario.name}: {res.n_paths:,} paths x {res.horizon} months, seed {res.seed.entropy}")
        print(shown.to_string(float_format=lambda v: f"{v:.3f}"))
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        summ.to_csv(out / "summary.csv")
        paths = res.paths()
        try:
            paths.to_parquet(out / "paths.parquet", index=False)
            written = "paths.parquet"
        except ImportError:
            paths.to_csv(out / "paths.csv", index=False)
            written = "paths.csv"
        print(f"wrote {out / 'summary.csv'} and {out / written}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="ccsim", description="Call-center sourcing Monte Carlo")
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="simulate a scenario and print its summary")
    run.add_argument("scenario", nargs="?", help="scenario TOML file (default: built-in)")
    run.add_argument("--paths", type=int, default=10_000, help="Monte Carlo paths (default 10000)")
    run.add_argument("--seed", type=int, default=None, help="random seed (default: fresh)")
    run.add_argument("--out", default=None, help="directory for summary.csv and the per-path table")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.set_defaults(func=_cmd_run)
    from ccsim import report, sensitivity
    from ccsim.run import sweep as sweeps

    report.add_cli(sub)
    sweeps.add_cli(sub)
    sensitivity.add_cli(sub)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    try:
        return int(args.func(args))
    except (ValueError, KeyError, TypeError, FileNotFoundError) as exc:
        print(f"ccsim: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
