"""From a result to a decision: the paired statistics of a run
(:mod:`~ccsim.decide.analysis`: compare, dominance, regret, risk, convergence) and the
recommendation under a declared risk appetite (:mod:`~ccsim.decide.decision`).

Public entry points are ``ccsim.analysis``, ``ccsim.decision``, ``ccsim.Appetite`` and
the methods of :class:`ccsim.Result`.
"""
