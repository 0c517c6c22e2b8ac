"""Hardening, second round (issue 31 items 2, 3 and 5; issue 26 item 4's io/model circle).

Every refusal here happens before anything is simulated and names the parameter, its
value and the allowed range or the reason.
"""

from __future__ import annotations

import grimp


def test_scenario_io_does_not_import_the_model():
    # with TYPE_CHECKING imports counted too: the dependency runs model -> io only
    graph = grimp.build_graph("ccsim", exclude_type_checking_imports=False)
    assert graph.find_shortest_chain("ccsim.scenario.model", "ccsim.scenario.io") is not None
    assert graph.find_shortest_chain("ccsim.scenario.io", "ccsim.scenario.model") is None
