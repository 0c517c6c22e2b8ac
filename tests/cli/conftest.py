"""What the CLI tests share: one error line, and no simulation before the flags are checked."""

from __future__ import annotations

import pytest

import ccsim.run.simulate as simulate_module
import ccsim.run.sweep as sweep_module
import ccsim.sensitivity.breakeven as breakeven_module


def one_error_line(err: str, ignore: tuple[str, ...] = ()) -> str:
    """The one ``ccsim: error:`` line of ``err`` (lines starting with ``ignore`` aside),
    and no traceback."""
    lines = [x for x in err.strip().splitlines() if not (ignore and x.startswith(ignore))]
    assert len(lines) == 1, err
    assert lines[0].startswith("ccsim: error: ") and "Traceback" not in err
    return lines[0]


@pytest.fixture
def no_simulation(monkeypatch):
    """Fail the test if a command simulates, sweeps or searches a break-even: its flags
    must be checked first."""

    def refuse(*args, **kwargs):
        raise AssertionError("simulated before checking the arguments")

    monkeypatch.setattr(simulate_module, "simulate", refuse)
    monkeypatch.setattr(sweep_module, "sweep", refuse)
    monkeypatch.setattr(breakeven_module, "simulate", refuse)
