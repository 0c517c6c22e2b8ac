"""The error family for bad input: every door (API, TOML file, ``with_overrides``) raises one.

:class:`ScenarioError` is a ``ValueError``. Its subclasses also keep the built-in type a
caller may already catch: an unknown parameter path is a :class:`UnknownParameterError`
(also a ``KeyError``), a value of the wrong kind a :class:`ScenarioTypeError` (also a
``TypeError``), and a file that does not match the schema a
:class:`ccsim.ScenarioFileError`. Every message names the parameter, the value and what
is allowed; it is raised before anything is simulated.

Examples
--------
>>> import ccsim
>>> try:
...     ccsim.default_scenario().with_overrides({"service.aht_s": -1.0})
... except ccsim.ScenarioError as exc:
...     print(exc)
service.aht_s = -1.0 is outside the allowed range (0, 14400] s
"""

from __future__ import annotations

__all__ = ["ScenarioError", "ScenarioFileError", "ScenarioTypeError", "UnknownParameterError"]


class ScenarioError(ValueError):
    """A scenario input is invalid: out of range, of the wrong kind, or unknown."""


class ScenarioTypeError(ScenarioError, TypeError):
    """A scenario input is of the wrong kind (e.g. a string or a list for a number)."""


class UnknownParameterError(ScenarioError, KeyError):
    """A dotted parameter path does not exist (the message lists the closest ones)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class ScenarioFileError(ScenarioError):
    """A scenario file (or dict) is unreadable or does not match the schema."""
