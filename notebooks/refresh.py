"""Execute notebooks in place so they are stored with their outputs (``make notebooks``).

    python notebooks/refresh.py [NOTEBOOK.ipynb ...]    (default: every notebook here)

Each notebook runs top to bottom at its own default path count, in a fresh ``python3``
kernel of this interpreter, with a temporary working directory (so nothing but the
notebook is written). Its figures are then stored as 256-colour PNGs, about a third of
the size of the full-colour ones and indistinguishable on a chart, so the repository
stays small. Any cell error stops the run and leaves the notebook unchanged.
"""

from __future__ import annotations

import base64
import io
import os
import sys
import tempfile
import time
from pathlib import Path

import nbclient
import nbformat


def smaller_png(data: str) -> str:
    """A base64 PNG re-encoded with a 256-colour palette (unchanged without Pillow)."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with matplotlib
        return data
    image = Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB")
    out = io.BytesIO()
    image.quantize(256).save(out, "png", optimize=True)
    return base64.b64encode(out.getvalue()).decode("ascii") if out.tell() < len(data) else data


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as cwd:
        nbclient.NotebookClient(
            nb,
            kernel_name="python3",
            timeout=900,
            record_timing=False,
            resources={"metadata": {"path": cwd}},
        ).execute()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                output["data"]["image/png"] = smaller_png(output["data"]["image/png"])
    nbformat.write(nb, path)


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    paths = [Path(a) for a in argv] or sorted(here.glob("*.ipynb"))
    # the kernel must be this interpreter: put its bin directory first on PATH so the
    # python3 kernelspec's "python" resolves to it
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    for path in paths:
        start = time.perf_counter()
        refresh(path)
        size = path.stat().st_size / 1e6
        print(f"{path}: executed in {time.perf_counter() - start:.0f} s, {size:.2f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
