"""Inputs: the scenario model (:mod:`.parts`, :mod:`.model`), its TOML files (:mod:`.io`)
and the calibrated defaults (:mod:`.presets`)."""

from ccsim.errors import ScenarioError, ScenarioFileError, ScenarioTypeError, UnknownParameterError
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
    "ScenarioError",
    "ScenarioFileError",
    "ScenarioTypeError",
    "Service",
    "Setup",
    "SourcingOption",
    "Staff",
    "UnknownParameterError",
    "VendorStaffing",
]
