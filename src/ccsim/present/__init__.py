"""What a board sees: figures (:mod:`~ccsim.present.plotting`, as ``ccsim.plot``), the
board pack (:mod:`~ccsim.present.report`), Excel and xarray export
(:mod:`~ccsim.present.export`) and the notebook what-if panel
(:mod:`~ccsim.present.whatif`).

These modules import matplotlib, so ``import ccsim`` does not load them: they load on
first use (``ccsim.plot``, ``ccsim.report``, ``result.plot``, ``result.to_excel``...).
Nothing here is imported by the layers below.
"""
