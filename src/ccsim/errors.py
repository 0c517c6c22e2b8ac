"""The error family for bad input: every door (API, TOML file, ``with_overrides``) raises one
(and :class:`SimulationError` for a model fault found after the inputs were accepted).

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

__all__ = [
    "ModelBlowUpError",
    "ScenarioError",
    "ScenarioFileError",
    "ScenarioTypeError",
    "SimulationError",
    "UnknownParameterError",
]


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


class SimulationError(RuntimeError):
    """A simulation failed after its inputs were accepted (a fault of the model, not of
    the input): the message says where and asks for a report."""


class ModelBlowUpError(SimulationError):
    """A path's output is not finite or outside the bounds of docs/limits.md.

    ``option``, ``path`` (the path's index in the run), ``month`` (``None`` when the
    monthly data were not kept or do not show it), ``quantity`` and ``value`` say which.
    """

    def __init__(self, message: str, *, option: str = "", path: int = -1,
                 month: int | None = None, quantity: str = "", value: float = float("nan")) -> None:
        super().__init__(message)
        self.option, self.path, self.month = option, path, month
        self.quantity, self.value = quantity, value

    def __reduce__(self) -> tuple[object, ...]:  # travels back from a worker process
        return (type(self), (str(self),), dict(self.__dict__))
