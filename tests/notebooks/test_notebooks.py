"""The notebooks in ``notebooks/``: stored executed, with their outputs and no warnings
(``make notebooks`` refreshes them), and executed again here on a small path count; any
cell error fails.

The notebooks read ``CCSIM_NB_PATHS`` for their path counts. The kernel is the ``python3``
kernel of the interpreter running the tests (the project's ``.venv``), so the notebooks see
the installed package. Execution works on an in-memory copy in a temporary directory: the
stored notebooks are not touched.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = sorted((Path(__file__).parents[2] / "notebooks").glob("*.ipynb"))


def test_notebooks_exist() -> None:
    assert NOTEBOOKS, "no notebooks found"


# stored figures are 256-colour PNGs at 80 dpi (notebooks/refresh.py): about 0.5 MB for the
# notebook with the most figures; the limits leave room for a few more figures
MAX_NOTEBOOK_BYTES = 1_500_000
MAX_TOTAL_BYTES = 3_000_000


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_stored_executed_without_warnings(path: Path) -> None:
    """A reader browsing the repository sees every output: each code cell was run, in
    order, by one top-to-bottom execution, and none raised an error or printed a warning."""
    nb = nbformat.read(path, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    counts = [cell.execution_count for cell in code]
    assert counts == list(range(1, len(code) + 1)), (
        f"{path.name}: not stored from one top-to-bottom run (execution counts {counts}); "
        "run `make notebooks`"
    )
    for i, cell in enumerate(code, 1):
        for output in cell.outputs:
            assert output.output_type != "error", f"{path.name}: code cell {i} failed"
            if output.output_type == "stream":
                assert output.name != "stderr", (
                    f"{path.name}: code cell {i} printed to stderr: {output.text[:300]}"
                )
    assert any(
        "image/png" in output.get("data", {}) for cell in code for output in cell.outputs
    ), f"{path.name}: no stored figure"
    assert path.stat().st_size <= MAX_NOTEBOOK_BYTES, f"{path.name}: {path.stat().st_size} bytes"


def test_stored_notebooks_stay_small() -> None:
    total = sum(p.stat().st_size for p in NOTEBOOKS)
    assert total <= MAX_TOTAL_BYTES, f"notebooks take {total:,} bytes"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCSIM_NB_PATHS", "256")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    # The kernel must be this interpreter: put its bin directory first on PATH so the
    # python3 kernelspec's "python" resolves to the venv.
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    stored = path.read_bytes()
    nb = nbformat.reads(stored.decode("utf-8"), as_version=4)
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        timeout=600,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    assert path.read_bytes() == stored, f"{path.name}: executing it changed the stored file"
