"""What drives the spread: tornado, one-run importance and global sensitivity indices.

Which method to use when
------------------------
:func:`tornado`
    One input at a time between two quantiles (others at base), on common random
    numbers. Easy to read for a board, but blind to interactions and to correlations.
:func:`input_importance`
    From one existing run, no extra simulation: Spearman rank correlation of each
    input with the metric, its share of the sum of squares ("contribution to
    variance") and standardized rank-regression coefficients. Quick, but it only
    sees monotone effects.
:func:`sobol_indices`
    Variance-based first-order (``S1``) and total (``ST``) indices by Saltelli's
    design (SALib), with extra simulations: ``n_base * (k + 2)`` paths for ``k``
    inputs or groups. Valid for *independent* inputs. With correlated inputs, put
    every correlated pair in one group (``groups="part"`` or your own mapping):
    grouped indices stay valid as long as the groups are independent of each other.
:func:`delta_indices`
    Borgonovo's moment-independent delta and the first-order index estimated from
    one run's input draws (SALib's delta method). Stays valid with correlated inputs,
    where ``S1`` of an input includes what it shares with its correlated partners.

The process noise of the simulation (the monthly shocks, breaches, attrition draws)
is common to all rows of a base sample, so it acts as one more group of inputs that
no index is attributed to: ``1 - sum(S1)`` includes it.

References
----------
.. [1] A. Saltelli et al., "Variance based sensitivity analysis of model output.
   Design and estimator for the total sensitivity index", Computer Physics
   Communications 181(2), 259-270 (2010). doi:10.1016/j.cpc.2009.09.018
.. [2] E. Borgonovo, "A new uncertainty importance measure", Reliability Engineering &
   System Safety 92(6), 771-784 (2007). doi:10.1016/j.ress.2006.04.015
.. [3] E. Plischke, E. Borgonovo and C. L. Smith, "Global sensitivity measures from
   given data", European Journal of Operational Research 226(3), 536-550 (2013).
   doi:10.1016/j.ejor.2012.11.047
.. [4] J. Herman and W. Usher, "SALib: an open-source Python library for sensitivity
   analysis", Journal of Open Source Software 2(9), 97 (2017). doi:10.21105/joss.00097
.. [5] T. Ishigami and T. Homma, "An importance quantification technique in
   uncertainty analysis for computer models", Proc. ISUMA'90, 398-403 (1990).
   doi:10.1109/ISUMA.1990.151285
"""

from __future__ import annotations

from ccsim.sensitivity._common import relevant_inputs
from ccsim.sensitivity.drivers import TORNADO_COLUMNS, Tornado, input_importance, tornado
from ccsim.sensitivity.indices import (
    SOBOL_MAX_CONF,
    SOBOL_N_BASE,
    delta_indices,
    sobol_analyze,
    sobol_indices,
)

__all__ = [
    "SOBOL_MAX_CONF",
    "SOBOL_N_BASE",
    "TORNADO_COLUMNS",
    "Tornado",
    "delta_indices",
    "input_importance",
    "relevant_inputs",
    "sobol_analyze",
    "sobol_indices",
    "tornado",
]
