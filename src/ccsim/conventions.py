"""What ``seed=`` and ``baseline=`` mean in every public function of ccsim, and how a
renamed keyword keeps working for one release (:func:`renamed`).

* ``seed`` is a :data:`SeedLike`: anything :func:`numpy.random.default_rng` accepts
  (SPEC 7). :func:`as_seed_sequence` is the one place that reads it.
* ``baseline`` defaults to ``None``, which :func:`baseline_of` resolves by one rule: the
  ``in_house`` option when there is one (and it is not the option being judged), else
  the first other option.

Examples
--------
>>> baseline_of(["in_house", "onshore", "offshore"])
'in_house'
>>> baseline_of(["in_house", "offshore"], option="in_house")
'offshore'
>>> baseline_of(["onshore", "offshore"], "offshore")
'offshore'
>>> as_seed_sequence(7).entropy, as_seed_sequence(7).spawn_key
(7, ())
>>> import warnings
>>> @renamed(b="baseline")
... def f(option, baseline=None):
...     return option, baseline
>>> with warnings.catch_warnings(record=True) as w:
...     warnings.simplefilter("always")
...     f("offshore", b="in_house"), w[0].category.__name__
(('offshore', 'in_house'), 'DeprecationWarning')
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import numpy as np

if TYPE_CHECKING:
    from ccsim.sampling.streams import SeedRoot

__all__ = ["SeedLike", "as_seed_sequence", "baseline_of", "renamed"]

#: A seed as every public function takes it (SPEC 7): ``None`` (fresh entropy), a
#: non-negative int, a sequence of them, a ``SeedSequence``, a ``BitGenerator`` or a
#: ``Generator``; a run's own ``SeedRoot`` is accepted too.
SeedLike: TypeAlias = (
    "int | np.integer[Any] | Sequence[int] | np.random.SeedSequence | "
    "np.random.BitGenerator | np.random.Generator | SeedRoot | None"
)

_KINDS = ("None, a non-negative int, a sequence of non-negative ints, a numpy SeedSequence, "
          "BitGenerator or Generator")


def as_seed_sequence(seed: SeedLike) -> np.random.SeedSequence:
    """The one reading of a :data:`SeedLike` as a :class:`numpy.random.SeedSequence`.

    ``seed=0`` is a seed like any other (not "no seed"). ``None`` draws fresh entropy
    from the OS. A sequence of ints maps to the same seed as ``SeedSequence(sequence)``:
    its first 64 bits of generated state become the entropy, so equal sequences give
    equal runs. A BitGenerator is read through the SeedSequence it was seeded with (it is
    not advanced); one without (e.g. of a legacy ``RandomState``) is drawn from, as a
    Generator is: one 63-bit draw becomes the entropy. The result's ``entropy`` is
    always an int, so the seed can be stored and repeated.

    >>> as_seed_sequence([1, 2, 3]).entropy == as_seed_sequence(
    ...     np.random.SeedSequence([1, 2, 3])).entropy
    True
    >>> as_seed_sequence(np.random.PCG64(7)).entropy
    7
    >>> as_seed_sequence(-1)
    Traceback (most recent call last):
    ...
    ValueError: seed must be a non-negative integer, got -1
    """
    if seed is None:
        return np.random.SeedSequence()
    if isinstance(seed, np.random.SeedSequence):
        ent = seed.entropy
        if not isinstance(ent, int):
            ent = _sequence_entropy(ent)
        return np.random.SeedSequence(int(ent), spawn_key=tuple(int(k) for k in seed.spawn_key))
    if isinstance(seed, np.random.Generator):
        return np.random.SeedSequence(int(seed.integers(0, 2**63)))
    if isinstance(seed, np.random.BitGenerator):
        ss = getattr(seed, "seed_seq", None)
        if isinstance(ss, np.random.SeedSequence):
            return as_seed_sequence(ss)
        return as_seed_sequence(np.random.Generator(seed))
    if isinstance(seed, (bool, np.bool_, float, np.floating)):
        raise TypeError(f"seed must be {_KINDS}; got {seed!r}")
    if isinstance(seed, (int, np.integer)):
        if int(seed) < 0:
            raise ValueError(f"seed must be a non-negative integer, got {seed}")
        return np.random.SeedSequence(int(seed))
    if hasattr(seed, "entropy") and hasattr(seed, "spawn_key"):  # a run's SeedRoot
        return np.random.SeedSequence(int(seed.entropy),
                                      spawn_key=tuple(int(k) for k in seed.spawn_key))
    if isinstance(seed, (Sequence, np.ndarray)) and not isinstance(seed, (str, bytes)):
        return np.random.SeedSequence(_sequence_entropy(_int_words(seed)))
    raise TypeError(f"seed must be {_KINDS}; got {seed!r}")


def _int_words(seed: Any) -> list[int]:
    """The ints of a seed sequence, checked: non-negative integers only (no bools, floats)."""
    arr = np.asarray(seed, dtype=object)
    if arr.ndim != 1:
        raise TypeError(f"a seed sequence must be a flat sequence of non-negative ints; got "
                        f"{seed!r}")
    out = []
    for v in arr:
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)):
            raise TypeError(f"a seed sequence must hold non-negative ints only; got {v!r} in "
                            f"{seed!r}")
        if int(v) < 0:
            raise ValueError(f"a seed sequence must hold non-negative ints only; got {int(v)} "
                             f"in {seed!r}")
        out.append(int(v))
    return out


def _sequence_entropy(entropy: Any) -> int:
    """An int entropy for a sequence entropy: the first 64 bits of its SeedSequence state."""
    return int(np.random.SeedSequence(entropy).generate_state(4, np.uint64).view(np.uint64)[0])


def _names(options: Any) -> list[str]:
    for attr in ("options", "option_names"):
        got = getattr(options, attr, None)
        if got is not None and not callable(got):
            return [str(o) for o in got]
    if isinstance(options, str) or not isinstance(options, Iterable):
        raise TypeError(f"options must be a sequence of option names, a Result or a Scenario; "
                        f"got {options!r}")
    return [str(o) for o in options]


def baseline_of(options: Any, baseline: str | None = None, *, option: str | None = None) -> str:
    """The baseline option: ``baseline`` when given (checked), else the one rule.

    Parameters
    ----------
    options
        Option names, or a result or scenario holding them (``.options`` /
        ``.option_names``).
    baseline
        The caller's ``baseline=`` argument (``None``: the rule).
    option
        The option being judged, if any: the baseline must be another option.
    """
    names = _names(options)
    if baseline is None:
        if "in_house" in names and option != "in_house":
            return "in_house"
        others = [o for o in names if o != option]
        if not others:
            raise ValueError(f"option = {option!r} has no other option to compare with; "
                             f"options are {names}")
        return others[0]
    if baseline not in names or baseline == option:
        what = "an option" if option is None else f"an option other than {option!r}"
        raise ValueError(f"baseline = {baseline!r} must be {what}; options are {names}")
    return baseline

T = TypeVar("T", bound=Callable[..., Any])


def renamed(**old_to_new: str) -> Callable[[T], T]:
    """Accept the old keyword names ``old_to_new`` (e.g. ``b="baseline"``) for one release.

    A call with an old name warns (``DeprecationWarning``, pointing at the caller) and
    passes the value on under the new name; giving both names is an error. The wrapper's
    ``__renamed__`` maps every old name it accepts to the new one.
    """

    def wrap(func: T) -> T:
        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> Any:
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{func.__name__}() got both {old}= and {new}=; "
                                        f"use {new}= ({old}= is its old name)")
                    warnings.warn(f"{func.__name__}({old}=...) is deprecated; use {new}=...",
                                  DeprecationWarning, stacklevel=2)
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        # the old names a function still accepts (read by the vocabulary test)
        inner.__renamed__ = {**getattr(func, "__renamed__", {}), **old_to_new}  # type: ignore[attr-defined]
        return inner  # type: ignore[return-value]

    return wrap
