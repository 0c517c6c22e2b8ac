"""Excel, xarray and HTML views of a result (filled in below)."""

from __future__ import annotations

__all__: list[str] = []
