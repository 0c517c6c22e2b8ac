"""Re-tender: an exit that hands the work to another vendor option's vendor (C13, C21).

An option whose ``fallback`` names another vendor option (``Vendor.retender``) does not
take the work back in-house when it exits: at the switch month the vendor of the
fallback option on the same path takes over. From then on the option's row reads the
fallback's vendor parameters (price and pricing model, contract, location and currency,
quality, language, handle time, attrition) and the fallback's per-vendor random streams
(quality, handle-time and attrition noise: common random numbers), while keeping its own
share of the calls and routing. The new vendor goes live at the switch with the whole
share at once (no waves), an all-new team, its own initial quality, a new contract term
(minimum commitment, escalator years and currency counted from the switch, its own exit
clause) and its set-up cost; the in-house team neither re-hires nor lays off for it, and
no retention bonus is paid again. One re-tender per path: an exit from the new vendor
goes back in-house.

:func:`switch` resets the state of the rows that switch this month; :class:`View` gives
the month step the parameters, fixed facts and streams with the re-tendered rows swapped.
The exit decision's quote for a re-tender is :func:`ccsim.mechanisms.contract.retender_terms`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ccsim.engine.fixed import Fixed
from ccsim.engine.params import Params, Streams
from ccsim.engine.state import State
from ccsim.mechanisms import routing

__all__ = ["View", "switch"]

F = NDArray[np.float64]
B = NDArray[np.bool_]

#: Vendor fields that stay the option's own after a re-tender (the decision, not the vendor).
_OWN = ("is_vendor", "share", "routing", "fallback", "retender")
#: Per-vendor random streams ``(T, O, P)`` that follow the vendor.
_STREAMS = ("z_q", "z_aht_v", "z_att_v")


def switch(t: int, *, prm: Params, s: State) -> State:
    """The state at the start of month ``t`` with the rows that re-tender now reset.

    A row switches where it re-tenders, has not yet, an exit was requested and its
    switch month has come: it is marked ``retendered`` with the new vendor starting now
    (``vendor_start``); the exit request, switch month and escalation are cleared for the
    new contract, quality starts at the fallback's initial quality on the path, and the
    quality window, commitment and the vendor's previous forecast are emptied (the first
    month sets them again).
    """
    v = prm.vendor
    now = v.retender & ~s.retendered & s.exit_requested & (s.switch_month <= t)
    if not now.any():
        return s
    hist = s.quality_history.copy()
    hist[:, now] = 0.0
    return dataclasses.replace(
        s,
        retendered=s.retendered | now,
        vendor_start=np.where(now, float(t), s.vendor_start),
        exit_requested=s.exit_requested & ~now,
        switch_month=np.where(now, np.inf, s.switch_month),
        escalation_end=np.where(now, -1.0, s.escalation_end),
        quality=np.where(now, v.quality.initial[v.fallback], s.quality),
        quality_history=hist,
        committed_units=np.where(now, 0.0, s.committed_units),
        vendor_forecast=np.where(now, 0.0, s.vendor_forecast),
    )


def _swap(obj: Any, rows: NDArray[np.intp], mask: B, keep: tuple[str, ...] = ()) -> Any:
    """A copy of a dataclass of ``(O, P)`` / ``(O, 1)`` arrays whose masked elements come
    from the rows ``rows`` (recursively through nested parts)."""
    kw: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        x = getattr(obj, f.name)
        if f.name in keep:
            continue
        if dataclasses.is_dataclass(x):
            kw[f.name] = _swap(x, rows, mask)
        elif isinstance(x, np.ndarray) and x.ndim == 2 and x.shape[0] == rows.size:
            kw[f.name] = np.where(mask, x[rows], x)
    return dataclasses.replace(obj, **kw)


class View:
    """The month step's inputs with re-tendered rows reading their fallback's vendor.

    A re-tendered row's ``Vendor.retender`` is cleared (``(O, P)`` then), so the month
    step sends an exit from the new vendor back in-house.

    Built once per chunk; :meth:`__call__` returns ``(prm, fixed, streams)`` for a state,
    rebuilt only when the set of re-tendered rows changes (a switch), so a chunk with no
    re-tender pays nothing.
    """

    def __init__(self, prm: Params, fixed: Fixed, rnd: Streams) -> None:
        self.prm, self.fixed, self.rnd = prm, fixed, rnd
        self._key: bytes | None = None
        self._out: tuple[Params, Fixed, Streams] = (prm, fixed, rnd)
        v = prm.vendor
        rows = v.fallback
        self._rows = rows
        if not v.retender.any():
            return
        # what the fallback's vendor brings to this option's calls: its language and
        # technology with this option's contact mix, its exit clause drawn on this path
        dm = prm.demand
        mix = routing.type_factor(simple_fraction=fixed.vendor_simple,
                                 simple_share=dm.simple_share, ratio=dm.simple_aht_ratio)
        base = v.language.aht_factor * v.handle_time.tech_factor
        self._fixed_fb = {
            "enforceable": rnd.u_enforce[rows] >= v.contract.p_unenforceable[rows],
            "vendor_leave_rate": fixed.vendor_leave_rate[rows],
            "vendor_aht_factor": base[rows] * mix,
            "vendor_steady_deficit": fixed.vendor_steady_deficit[rows],
        }

    def __call__(self, s: State) -> tuple[Params, Fixed, Streams]:
        mask = s.retendered
        if not mask.any():
            return self.prm, self.fixed, self.rnd
        key = np.packbits(mask).tobytes()
        if key == self._key:
            return self._out
        rows, prm, fx, rnd = self._rows, self.prm, self.fixed, self.rnd
        v = prm.vendor
        swapped = _swap(v, rows, mask, keep=_OWN)
        # the whole share moves at once to the new vendor; an exit from it goes back in-house
        setup = dataclasses.replace(swapped.setup, waves=np.where(mask, 1.0, swapped.setup.waves))
        p = dataclasses.replace(prm, vendor=dataclasses.replace(
            swapped, setup=setup, retender=v.retender & ~mask))
        fallback: dict[str, Any] = {k: np.where(mask, fb, getattr(fx, k))
                                    for k, fb in self._fixed_fb.items()}
        f = dataclasses.replace(
            fx,
            golive=np.where(mask, s.vendor_start, fx.golive),
            fx_path=np.where(mask[None], fx.fx_path[:, rows], fx.fx_path),
            **fallback,
        )
        r = dataclasses.replace(
            rnd, **{k: np.where(mask[None], getattr(rnd, k)[:, rows], getattr(rnd, k))
                    for k in _STREAMS},
        )
        self._key, self._out = key, (p, f, r)
        return self._out
