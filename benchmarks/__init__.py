"""ccsim's benchmark suite: ``python -m benchmarks.run`` (``make bench``).

Not part of the library or of ``make test``; the reference models in
:mod:`benchmarks.models` are checked against the engine by ``tests/test_bench_models.py``.
"""

__all__: list[str] = []
