"""The one registry of ccsim's outputs: name, label, unit, direction and dtype.

Every layer reads its vocabulary from here: the engine (which per-path outputs and
monthly metrics it produces, and in which order), :class:`ccsim.Result` (dtypes of the
tidy tables), :mod:`ccsim.analysis` (which direction is better), the figures (axis labels
and number formats), sweeps and the board pack.

``direction`` is ``"lower"`` when smaller values are better (costs, abandonment, exits,
customers lost, months locked in), ``"higher"`` when larger values are better (CSAT,
service level, first-contact resolution, quality, management hours freed) and
``"neutral"`` for descriptive outputs (headcount, local jobs removed, oversight hours)
where neither is better in itself.

``kind`` says how a value is shown: ``money`` (US$), ``pct`` (a share, shown as %),
``points`` (CSAT, 0-100), ``index`` (0-1), ``count`` or ``months``.

Examples
--------
>>> from ccsim.outputs import OUTPUTS, better_is_higher
>>> OUTPUTS["npv_cost"].unit, OUTPUTS["npv_cost"].direction
('US$', 'lower')
>>> better_is_higher("csat_mean"), better_is_higher("customers_lost")
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "COST_COMPONENTS",
    "COST_PARTS",
    "CUSTOMER_COMPONENTS",
    "INCIDENT_COMPONENTS",
    "MONTHLY",
    "MONTHLY_METRICS",
    "OPERATING_COMPONENTS",
    "OUTPUTS",
    "PATH_OUTPUTS",
    "RENAMED",
    "VENDOR_PHASE",
    "Output",
    "better_is_higher",
    "cost_part",
    "label",
]

Direction = Literal["lower", "higher", "neutral"]


@dataclass(frozen=True)
class Output:
    """One output: its name, human label, unit, which direction is better, dtype, kind."""

    name: str
    label: str
    unit: str
    direction: Direction
    dtype: str = "float64"
    kind: str = "count"
    short: str = ""

    @property
    def axis_label(self) -> str:
        """Label with its unit, for an axis: ``"Total cost, NPV (US$)"``."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


def _money(name: str, label: str) -> Output:
    return Output(name, f"{label}, NPV", "US$", "lower", kind="money", short=label.lower())


#: Cost components, each reported as a net present value per option and path, in the
#: order they are stacked in figures.
_COMPONENTS = (
    _money("labour", "In-house labour and supervision"),
    _money("facilities", "In-house seats (facility, IT, licences)"),
    _money("vendor_fees", "Vendor fees"),
    _money("sla_credits", "SLA bonuses less credits"),
    _money("governance", "Vendor governance (retained organisation)"),
    _money("hiring_training", "Hiring and training"),
    _money("transition", "Transition"),
    _money("severance", "Severance"),
    _money("exit_fees", "Exit fees"),
    _money("stranded", "Stranded seat costs"),
    _money("breach_losses", "Data-breach losses"),
    _money("churn_losses", "Lost customers (margin)"),
)
COST_COMPONENTS: tuple[str, ...] = tuple(o.name for o in _COMPONENTS)
#: The components that make up ``customer_cost`` (margin of customers lost).
CUSTOMER_COMPONENTS: tuple[str, ...] = ("churn_losses",)
#: The components that make up ``incident_cost``: risk events (data breaches), booked on
#: the path and in the month where they happen.
INCIDENT_COMPONENTS: tuple[str, ...] = ("breach_losses",)
#: The cash components of running the centre: ``operating_cost`` is their sum.
#: ``npv_cost = operating_cost + incident_cost + customer_cost`` on every path.
OPERATING_COMPONENTS: tuple[str, ...] = tuple(
    c for c in COST_COMPONENTS if c not in CUSTOMER_COMPONENTS + INCIDENT_COMPONENTS
)
#: The three parts of ``npv_cost``, in the order they are shown.
COST_PARTS: tuple[str, ...] = ("operating_cost", "incident_cost", "customer_cost")


def cost_part(component: str) -> str:
    """The part of ``npv_cost`` a cost component belongs to: ``"operating_cost"``,
    ``"incident_cost"`` or ``"customer_cost"``."""
    if component in INCIDENT_COMPONENTS:
        return "incident_cost"
    return "customer_cost" if component in CUSTOMER_COMPONENTS else "operating_cost"

_ALL = (
    Output("npv_cost", "Total cost over the horizon, NPV", "US$", "lower", kind="money",
           short="cost"),
    Output("operating_cost", "Operating cost (cash), NPV", "US$", "lower", kind="money",
           short="operating cost"),
    Output("incident_cost", "Incident cost (data breaches where they happen), NPV", "US$",
           "lower", kind="money", short="incident cost"),
    Output("customer_cost", "Customer cost (margin of customers lost), NPV", "US$", "lower",
           kind="money", short="customer cost"),
    *_COMPONENTS,
    Output("csat_mean", "Mean customer satisfaction, CSAT", "0-100 points", "higher",
           kind="points", short="CSAT"),
    Output("csat_final", "Final-month CSAT", "0-100 points", "higher", kind="points",
           short="final CSAT"),
    Output("service_level_mean", "Mean service level", "% of calls answered in target time",
           "higher", kind="pct", short="service level"),
    Output("abandon_rate", "Abandonment rate", "% of offered calls", "lower", kind="pct",
           short="abandonment"),
    Output("fcr_mean", "First-contact resolution", "% of calls", "higher", kind="pct",
           short="first-contact resolution"),
    Output("quality_mean", "Mean quality index", "0-1", "higher", kind="index",
           short="quality"),
    Output("headcount_mean", "Mean headcount (in-house and vendor FTE)", "agents", "neutral",
           short="headcount"),
    Output("headcount_in_house_mean", "Mean in-house headcount", "FTE", "neutral",
           short="in-house headcount"),
    Output("vendor_fte_mean", "Mean vendor FTE", "FTE", "neutral", short="vendor FTE"),
    Output("occupancy_in_house", "In-house occupancy", "% of time on the phones", "neutral",
           kind="pct", short="in-house occupancy"),
    Output("occupancy_vendor", "Vendor occupancy", "% of time on the phones", "neutral",
           kind="pct", short="vendor occupancy"),
    Output("exit_requested", "Exit requested", "share of futures", "lower", dtype="bool",
           kind="pct", short="exit requested"),
    Output("exit_completed", "Exit completed", "share of futures", "lower", dtype="bool",
           kind="pct", short="exit completed"),
    Output("exit_retendered", "Exit to another vendor", "share of futures", "neutral",
           dtype="bool", kind="pct", short="re-tendered"),
    Output("months_with_vendor", "Months with the vendor", "months", "neutral",
           dtype="int64", kind="months", short="months with vendor"),
    Output("vendor_quality_mean", "Vendor quality while serving", "0-1", "higher",
           kind="index", short="vendor quality"),
    Output("vendor_csat_mean", "Vendor CSAT while serving", "0-100 points", "higher",
           kind="points", short="vendor CSAT"),
    Output("locked_in_months", "Months locked in", "months", "lower", dtype="int64",
           kind="months", short="months locked in"),
    Output("breaches", "Data breaches", "count", "lower", dtype="int64",
           short="breaches"),
    Output("customers_lost", "Customers lost", "count", "lower", short="customers lost"),
    Output("local_jobs_removed", "Local jobs removed", "count", "neutral",
           short="local jobs removed"),
    Output("mgmt_hours_freed", "Management hours freed", "hours", "higher",
           short="management hours freed"),
    Output("oversight_hours", "Governance hours", "hours per month", "neutral",
           short="governance hours"),
    Output("governance_share", "Governance cost / vendor fees", "share of contract value",
           "neutral", kind="pct", short="governance share"),
    Output("cost_per_call", "Operating cost per handled contact", "US$ per contact", "lower",
           kind="money", short="cost per call"),
)

#: Outputs of the vendor phase only: means over the months a vendor served, NaN for an
#: option (or a path) with no vendor phase, e.g. every in-house option. Every other
#: output is finite.
VENDOR_PHASE: tuple[str, ...] = ("vendor_quality_mean", "vendor_csat_mean", "occupancy_vendor")

#: Outputs renamed in this release: ``{old name: new name}``; the old names still work
#: in ``Result.values`` for one release, with a DeprecationWarning.
RENAMED: dict[str, str] = {"exited": "exit_requested"}

#: Every per-path output by name, in the order of ``Result.paths()``.
OUTPUTS: dict[str, Output] = {o.name: o for o in _ALL}
PATH_OUTPUTS: tuple[str, ...] = tuple(OUTPUTS)

#: Metrics kept month by month (``Result.monthly``).
MONTHLY: dict[str, Output] = {
    o.name: o
    for o in (
        Output("cost", "Monthly cost, undiscounted", "US$ per month", "lower", kind="money",
               short="monthly cost"),
        Output("csat", "CSAT", "0-100 points", "higher", kind="points", short="CSAT"),
        Output("quality", "Quality index", "0-1", "higher", kind="index", short="quality"),
        Output("service_level", "Service level", "% answered in target time", "higher",
               kind="pct", short="service level"),
        Output("headcount", "Headcount", "agents", "neutral", short="headcount"),
    )
}
MONTHLY_METRICS: tuple[str, ...] = tuple(MONTHLY)


def better_is_higher(metric: str) -> bool:
    """True when larger values of ``metric`` are better (CSAT, service level, ...).

    Unknown names (e.g. a user's derived column) count as costs: lower is better.
    """
    out = OUTPUTS.get(metric) or MONTHLY.get(metric)
    return out is not None and out.direction == "higher"


def label(metric: str) -> str:
    """Axis label with unit for a per-path or monthly metric; the name itself if unknown."""
    out = OUTPUTS.get(metric) or MONTHLY.get(metric)
    return out.axis_label if out is not None else metric
