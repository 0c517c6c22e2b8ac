"""Running simulations: :mod:`.simulate` (chunks of paths, kept results), :mod:`.parallel`
(backends), :mod:`.summaries` (streaming results), :mod:`.sweep` (decision sweeps) and
:mod:`.precision` (stopping rules)."""
