"""The README's examples run as written: every ```python block, in order, in one namespace,
and every line of a ```bash block that starts with ``ccsim `` through ``ccsim.cli.main``.

Both run in a temporary working directory (the examples write ``leeds-pack/``,
``leeds.xlsx``, ``sweep-store/`` ...), with a non-interactive matplotlib backend.

Path counts are the one thing changed, to keep the test to a couple of minutes: every
literal ``n_paths=N``, ``max_paths=N`` and ``n_base=N`` in a Python block
(:data:`PATHS_KWARG`) and every ``--paths N`` on a command line (:data:`PATHS_FLAG`) is
lowered to at most :data:`MAX_PATHS`. Nothing else in an example is touched, so an example
that names a wrong function, keyword, input or flag fails here. The warnings that only
small path counts raise (``ccsim.IntervalWarning``: too few tail paths for a CVaR
interval, too few blocks for a replicate error) are allowed; any other warning fails
the test, as everywhere in the suite.
"""

from __future__ import annotations

import re
import shlex
import warnings
from pathlib import Path

import pytest

README = Path(__file__).parents[2] / "README.md"

MAX_PATHS = 256  # one whole block of the stratified samplers (lhs, sobol)
PATHS_KWARG = re.compile(r"\b(n_paths|max_paths|n_base)=(\d[\d_]*)")
PATHS_FLAG = re.compile(r"(--paths)\s+(\d+)")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(language: str) -> list[str]:
    """The README's fenced code blocks in ``language``, in order."""
    text = README.read_text(encoding="utf-8")
    return [body for lang, body in FENCE.findall(text) if lang == language]


def fewer_paths(code: str) -> str:
    """``code`` with every literal path count capped at :data:`MAX_PATHS`."""

    def cap(m: re.Match[str]) -> str:
        n = int(m.group(2).replace("_", ""))
        sep = "=" if m.group(1) != "--paths" else " "
        return f"{m.group(1)}{sep}{min(n, MAX_PATHS)}"

    return PATHS_FLAG.sub(cap, PATHS_KWARG.sub(cap, code))


def commands() -> list[str]:
    """Every ``ccsim ...`` command of the README's bash blocks (continuations joined)."""
    out = []
    for body in blocks("bash"):
        for line in body.replace("\\\n", " ").splitlines():
            line = line.split(" #")[0].strip()
            if line.startswith("ccsim "):
                out.append(line)
    return out


def test_the_readme_has_the_path() -> None:
    """The examples the test runs include every step of the path, Python and shell."""
    code = "\n".join(blocks("python"))
    for call in (
        "default_scenario(agents=",
        "ccsim.simulate(",
        ".decide(",
        "ccsim.breakeven(",
        ".uncertainty_sources(",
        "ccsim.tornado(",
        ".report(",
        ".to_excel(",
    ):
        assert call in code, f"README has no Python example of {call}"
    names = {shlex.split(c)[1] for c in commands()}
    assert {"run", "breakeven", "drivers"} <= names


def test_fewer_paths_caps_only_path_counts() -> None:
    code = "simulate(sc, n_paths=2_000, seed=2026)\nPrecision(max_paths=200_000)\nx = 5_000"
    assert fewer_paths(code) == (
        f"simulate(sc, n_paths={MAX_PATHS}, seed=2026)\nPrecision(max_paths={MAX_PATHS})\nx = 5_000"
    )
    assert (
        fewer_paths("ccsim run --paths 2000 --seed 7") == f"ccsim run --paths {MAX_PATHS} --seed 7"
    )
    assert fewer_paths("n_paths=100") == "n_paths=100"


@pytest.mark.slow
def test_readme_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import ccsim
    from ccsim.cli import main

    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "readme"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ccsim.IntervalWarning)
        for i, body in enumerate(blocks("python")):
            code = compile(fewer_paths(body), f"README.md python block {i + 1}", "exec")
            exec(code, namespace)
            plt.close("all")
        for line in commands():
            argv = shlex.split(fewer_paths(line))[1:]
            assert main(argv) == 0, f"README command failed: {line}"
            plt.close("all")

    # the path reached its end: a sized verdict, a break-even, a pack and a workbook
    leeds = namespace["leeds"]
    assert isinstance(leeds, ccsim.Scenario) and leeds.name == "Leeds"
    decision = namespace["decision"]
    assert decision.recommended in leeds.option_names  # type: ignore[attr-defined]
    assert namespace["onshore_price"].status  # type: ignore[attr-defined]
    assert (tmp_path / "leeds-pack" / "board-pack.pdf").stat().st_size > 0
    assert (tmp_path / "leeds.xlsx").stat().st_size > 0
    assert (tmp_path / "leeds" / "summary.csv").stat().st_size > 0
    assert (tmp_path / "leeds" / "leeds.xlsx").stat().st_size > 0
    assert (tmp_path / "leeds" / "board-pack.pdf").exists() or any(
        (tmp_path / "leeds").rglob("*.pdf")
    )
