"""Statistics under everything that reads a run: interval estimators (mean, quantile,
CVaR, probability, with Monte Carlo intervals) and the result tables shared by kept-path
and streaming runs (:class:`~ccsim.stats.tables.Risk`, ``Dominance``...).

Nothing here knows a :class:`~ccsim.result.Result`: the layers above (``run``,
``decide``, ``sensitivity``) hand arrays in.
"""
