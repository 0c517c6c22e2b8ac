"""ccsim's benchmark suite: ``python -m benchmarks.run`` (``make bench``).

Not part of the library or of ``make test``. The reference models it times the engine
against live with the tests, in ``tests/oracles/loop_model.py`` (the scalar loop oracle), and
are checked against the engine by ``tests/engine/test_loop_model.py``.
"""

__all__: list[str] = []
