"""An independent discrete-event simulation of the M/M/c+M and M/M/c+D queues (FCFS, test helper).

Customers are simulated one by one with the multi-server workload recursion: agents'
next-free times sit in a heap; a caller arriving at ``a`` with patience ``tau`` would
reach an agent after ``V = max(0, earliest_free - a)`` (callers who abandon never take
an agent, and FCFS means the earliest free agent is the one this caller gets); if
``V <= tau`` the caller is answered and that agent is busy until ``a + V + S``,
otherwise the caller abandons. This is exact for FCFS M/M/c+G and shares no code or
formula with :mod:`ccsim.queueing`.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DESEstimate:
    """Replication means and their standard errors."""

    p_wait: float
    p_wait_se: float
    p_abandon: float
    p_abandon_se: float
    service_level: float
    service_level_se: float
    mean_wait: float
    mean_wait_se: float


def simulate_mmcm(
    rate: float,
    aht: float,
    agents: int,
    patience: float,
    target_time: float,
    *,
    n_customers: int,
    n_reps: int,
    warmup: int,
    seed: int,
    fixed_patience: bool = False,
) -> DESEstimate:
    """Simulate ``n_reps`` independent replications and return means with SEs.

    With ``fixed_patience`` every caller waits exactly ``patience`` seconds at most
    (M/M/c+D: a time-based overflow, "abandoning" meaning passed on), else patience is
    exponential with mean ``patience`` (M/M/c+M)."""
    rng = np.random.default_rng(seed)
    stats = np.empty((n_reps, 4))
    for r in range(n_reps):
        inter = rng.exponential(1.0 / rate, n_customers + warmup)
        arrivals = np.cumsum(inter)
        service = rng.exponential(aht, n_customers + warmup)
        if fixed_patience:
            tau = np.full(n_customers + warmup, float(patience))
        else:
            tau = rng.exponential(patience, n_customers + warmup) if np.isfinite(patience) else None
        free = [0.0] * agents
        waited = abandoned = within = 0
        total_wait = 0.0
        for i in range(n_customers + warmup):
            a = arrivals[i]
            v = max(0.0, free[0] - a)
            pat = tau[i] if tau is not None else np.inf
            counted = i >= warmup
            if v <= pat:
                heapq.heapreplace(free, a + v + service[i])
                if counted:
                    total_wait += v
                    waited += v > 0.0
                    within += v <= target_time
            elif counted:
                total_wait += pat
                waited += 1
                abandoned += 1
        stats[r] = (waited, abandoned, within, total_wait)
    stats /= n_customers
    mean = stats.mean(axis=0)
    se = stats.std(axis=0, ddof=1) / np.sqrt(n_reps)
    return DESEstimate(mean[0], se[0], mean[1], se[1], mean[2], se[2], mean[3], se[3])
