"""Running simulations: :mod:`.simulate` (chunks of paths, kept results), :mod:`.parallel`
(backends), :mod:`.summaries` (streaming results), :mod:`.sweep` (decision sweeps) and
:mod:`.precision` (stopping rules) and :mod:`.rerun` (reruns on one seed that simulate only
the options a change of input values reaches)."""
