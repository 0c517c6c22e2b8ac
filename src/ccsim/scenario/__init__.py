"""Inputs: the scenario model (:mod:`.parts`, :mod:`.model`), its TOML files (:mod:`.io`)
and the calibrated defaults (:mod:`.presets`)."""

from ccsim.scenario.io import ScenarioFileError
from ccsim.scenario.model import Scenario
from ccsim.scenario.parts import (
    Breach,
    Contract,
    Customers,
    Demand,
    Finance,
    HandleTime,
    Language,
    Quality,
    Satisfaction,
    Service,
    Setup,
    SourcingOption,
    Staff,
    VendorStaffing,
)

__all__ = [
    "Breach",
    "Contract",
    "Customers",
    "Demand",
    "Finance",
    "HandleTime",
    "Language",
    "Quality",
    "Satisfaction",
    "Scenario",
    "ScenarioFileError",
    "Service",
    "Setup",
    "SourcingOption",
    "Staff",
    "VendorStaffing",
]
