"""The command line's argument checks: each refuses a bad value with a :class:`CLIError`
naming the flag, its value and what is allowed, before anything is simulated or written;
and the atomic write every command's output goes through.
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ccsim.scenario import Scenario

__all__ = ["MAX_PATHS", "MAX_SWEEP_PATHS", "CLIError"]

#: The most paths one run may ask for: 10^8 paths of the default scenario are about a
#: CPU-day (0.4 M option-path-months a CPU-second, benchmarks/README.md) and 150 GB of
#: per-path results.
MAX_PATHS = 10**8
#: The most paths a sweep may ask for over all its points (about ten CPU-days).
MAX_SWEEP_PATHS = 10**9


class CLIError(ValueError):
    """A bad command-line argument, reported as one line."""


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
