"""Measure the default scenario against the published figures of docs/calibration.md.

Run ``python docs/validate_defaults.py [n_paths]`` (default 4,000 paths, seed 2026); it
prints the rows of the README's validation table. Means are over paths; ``+-`` is 1.96
Monte Carlo standard errors (paired differences for savings and ratios, delta method).
"""

from __future__ import annotations

import sys

import numpy as np

import ccsim


def _ratio(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """mean(a)/mean(b) and its 95% half-width by the delta method (paired paths)."""
    ma, mb = a.mean(), b.mean()
    r = ma / mb
    d = (a - r * b) / mb
    return r, 1.96 * d.std(ddof=1) / np.sqrt(len(a))


def main(n: int = 4000) -> None:
    sc = ccsim.default_scenario()
    res = ccsim.simulate(sc, n_paths=n, seed=2026)
    o = res.outputs
    names = list(res.options)
    ih = names.index("in_house")
    print(f"default scenario, {n} paths, seed 2026")
    for k, name in enumerate(names):
        if k == ih:
            continue
        op, hw = _ratio(o["operating_cost"][k], o["operating_cost"][ih])
        tot, hw2 = _ratio(o["npv_cost"][k], o["npv_cost"][ih])
        dr, hw3 = _ratio(o["customers_lost"][k], o["customers_lost"][ih])
        print(f"{name:10s} operating saving {100 * (1 - op):5.1f}% +-{100 * hw:.1f}  "
              f"total saving {100 * (1 - tot):5.1f}% +-{100 * hw2:.1f}  "
              f"defection ratio {dr:.2f} +-{hw3:.2f}")
    # the three parts of cost, means over paths (US$ M): hard cost, risk events, customers
    for k, name in enumerate(names):
        parts = "  ".join(f"{part} ${o[part][k].mean() / 1e6:.2f}M"
                          for part in ("operating_cost", "incident_cost", "customer_cost"))
        print(f"{name:10s} {parts}")
    # vendor service: realised service level, SLA credits against fees, occupancy
    for k, name in enumerate(names):
        fees = o["vendor_fees"][k].sum()
        credits = 100 * o["sla_credits"][k].sum() / fees if fees > 0 else 0.0
        occ_v = o["occupancy_vendor"][k]
        occ_v = f"{100 * np.nanmean(occ_v):.1f}%" if np.isfinite(occ_v).any() else "-"
        print(f"{name:10s} service level {100 * o['service_level_mean'][k].mean():.1f}%  "
              f"SLA credits {credits:.2f}% of fees  occupancy in-house "
              f"{100 * o['occupancy_in_house'][k].mean():.1f}% vendor {occ_v}  "
              f"exits {100 * o['exit_requested'][k].mean():.2f}%")
    for k, name in enumerate(names):
        print(f"{name:10s} CSAT {o['csat_mean'][k].mean():5.1f}  FCR {o['fcr_mean'][k].mean():.3f}  "
              f"abandonment {100 * o['abandon_rate'][k].mean():.1f}%  "
              f"cost/call ${o['cost_per_call'][k].mean():.2f}  "
              f"governance/fees {100 * o['governance_share'][k].mean():.1f}%  "
              f"customer cost share {100 * (o['customer_cost'][k] / o['npv_cost'][k]).mean():.1f}%")
    # undiscounted run: cost per paid hour in-house, vendor fee per handled contact
    flat = ccsim.simulate(sc.with_overrides({"finance.discount_rate_annual": 0.0}),
                          n_paths=min(n, 1000), seed=2026)
    f = flat.outputs
    k = list(flat.options).index("in_house")
    paid = f["headcount_in_house_mean"][k] * sc.horizon * float(sc.get("service.paid_hours_per_month"))
    per_h = f["operating_cost"][k] / paid
    print(f"in-house operating cost per paid hour ${per_h.mean():.2f} (p05 {np.quantile(per_h, .05):.2f}, "
          f"p95 {np.quantile(per_h, .95):.2f}); per productive (logged-in) hour "
          f"${(per_h / (1 - flat.inputs['service.shrinkage'])).mean():.2f}")
    for k, name in enumerate(flat.options):
        handled = f["operating_cost"][k] / f["cost_per_call"][k]
        if f["vendor_fees"][k].mean() > 0:
            print(f"{name:10s} vendor fees per handled contact (all months) "
                  f"${(f['vendor_fees'][k] / handled).mean():.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4000)
