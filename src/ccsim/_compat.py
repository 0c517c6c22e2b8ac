"""Renamed keyword arguments, kept working for one release with a ``DeprecationWarning``.

Examples
--------
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
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["renamed"]

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
