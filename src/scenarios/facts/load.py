"""The fact base: :class:`FactBase` and :func:`load_facts`, with its cache."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from scenarios._cache import BoundedCache
from scenarios._meta import data_dir
from scenarios.errors import DataError, allowed_list, suggest
from scenarios.facts.rules import FactChecker
from scenarios.facts.schema import ESTIMATED_FIGURES, FIGURES, NON_UN_STATES, SCHEMA
from scenarios.facts.schema_context import LEVEL_QUANTITIES, QUANTITIES, YEARS


@dataclass(frozen=True, eq=False)
class FactBase:
    """The checked fact tables, as pandas frames.

    Treat the frames as read-only: :func:`load_facts` hands out fresh copy-on-write
    copies on every call, so changing one never alters what later calls return.

    Attributes
    ----------
    directory : pathlib.Path
        Folder the tables were read from.
    states : pandas.DataFrame
        One row per state in the model (``iso3``, ``name``, ``un_member``, the figures
        ``gdp_usd_bn_2023``, ``milex_usd_bn_2023``, ``population_m_2023`` (floats, NaN
        where unknown), ``nuclear_warheads_2024`` (int), each with ``_source`` and
        ``_confidence``; ``*_estimate`` columns for gaps; ``capital``, ``capital_lat``,
        ``capital_lon`` in degrees; ``notes``).
    countries : pandas.DataFrame
        All 193 UN member states (``iso3``, ``name``, ``source``, ``confidence``).
    groups : pandas.DataFrame
        Group memberships (``group_code``, ``group_name``, ``iso3``, ``notes``, ...).
    economy : pandas.DataFrame
        One row per (``iso3``, ``year``, ``quantity``) for every state and every year
        of :data:`YEARS`: ``quantity`` one of :data:`QUANTITIES`, ``value`` (float, NaN
        where none is published) with its ``basis``, ``source`` and ``confidence``;
        ``estimate`` (float) with ``estimate_method`` for gaps in levels.
    treaties : pandas.DataFrame
        Alliances and alignment instruments; dates are datetime64, ``in_force`` bool,
        ``mutual_defence`` one of yes/no/ambiguous.
    treaty_parties : pandas.DataFrame
        ``treaty_id``, ``party`` (iso3 or group code, as in the file) and ``iso3``:
        one row per member state, a group party expanded to all its members.
    sanctions : pandas.DataFrame
        Regimes (``regime_id``, ``sender`` iso3 or group code, ``target``,
        ``start_year`` int, ``end_year`` nullable Int64, ``scope``, ``status``, ...).
    sanctions_evasion : pandas.DataFrame
        Senders that break the regimes they nominally support (``evasion_id``,
        ``regime_id``, ``state``, ``conduct``, ``start_year`` int, ``end_year``
        nullable Int64, ``evidence``, ...); see :meth:`enforcers`.
    arms_flows : pandas.DataFrame
        Supplier-to-recipient flows with ``volume_low``/``volume_high`` (floats) in
        ``unit``; ``WORLD`` marks aggregate rows.
    arms_capacity : pandas.DataFrame
        Production, capacity and delivery estimates by ``producer`` and ``product``
        (``measure``, ``period_start``/``period_end`` datetime64, ``value_low``/
        ``value_high`` floats in ``unit``).
    rivalries : pandas.DataFrame
        Strategic rivalries (``side_a``, ``side_b``, ``start_year`` int, ``end_year``
        nullable Int64, ``types`` ``;``-separated, ``coding``).
    military_presence : pandas.DataFrame
        Bases, deployments and interventions (``guest`` in ``host``, ``kind``, ``start``
        and ``end`` datetime64 (NaT while ongoing), ``personnel_low``/``_high``).
    events : pandas.DataFrame
        Dated events (``date`` datetime64 with ``date_precision``, ``actors``,
        ``model_kind`` an :data:`~scenarios.registry.EVENT_KINDS` name or ``""``,
        ``model_actors`` ``"A;B"`` in the order that kind's ``actors`` describes).
    digest : str
        SHA-256 of the files :func:`load_facts` read ("" for a fact base built
        otherwise); it names these contents, not frames a caller has replaced since.
    """

    directory: Path
    states: pd.DataFrame
    countries: pd.DataFrame
    groups: pd.DataFrame
    economy: pd.DataFrame
    treaties: pd.DataFrame
    treaty_parties: pd.DataFrame
    sanctions: pd.DataFrame
    sanctions_evasion: pd.DataFrame
    arms_flows: pd.DataFrame
    arms_capacity: pd.DataFrame
    rivalries: pd.DataFrame
    military_presence: pd.DataFrame
    events: pd.DataFrame
    digest: str = field(default="", repr=False)
    _members: Mapping[str, tuple[str, ...]] = field(init=False, repr=False)
    _known_states: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        members = self.groups.groupby("group_code", sort=True)["iso3"].agg(tuple)
        object.__setattr__(self, "_members", MappingProxyType(members.to_dict()))
        known = frozenset(self.countries["iso3"]) | frozenset(NON_UN_STATES)
        object.__setattr__(self, "_known_states", known)

    @property
    def codes(self) -> tuple[str, ...]:
        """Iso3 codes of the states in ``states.csv``, in file order."""
        return tuple(self.states["iso3"])

    @property
    def group_codes(self) -> tuple[str, ...]:
        """Group codes defined in ``groups.csv``, sorted."""
        return tuple(self._members)

    def expand(self, code: str, universe: Iterable[str] | None = None) -> tuple[str, ...]:
        """Map an actor code onto states.

        Parameters
        ----------
        code : str
            An iso3 code (``countries.csv`` or TWN) or a group code.
        universe : iterable of str, optional
            The states to map onto, default :attr:`codes`; pass
            ``facts.countries["iso3"]`` for a world of all UN members.

        Returns
        -------
        tuple of str
            A group's members that are in the universe, in universe order; an iso3
            code itself if it is in the universe, else an empty tuple.

        Raises
        ------
        DataError
            If the code is neither a known iso3 code nor a group code.
        """
        states = self.codes if universe is None else tuple(universe)
        if code in self._members:
            members = set(self._members[code])
            return tuple(state for state in states if state in members)
        if code in self._known_states:
            return (code,) if code in states else ()
        known = self._known_states | set(self._members)
        raise DataError(
            f"unknown actor code {code!r}{suggest(code, known)}; use an iso3 code from "
            f"countries.csv, TWN or a group code ({allowed_list(self._members)})"
        )

    def series(self, quantity: str, estimates: bool = True) -> pd.DataFrame:
        """Return one ``economy.csv`` quantity as a state-by-year table.

        Parameters
        ----------
        quantity : str
            One of :data:`QUANTITIES`.
        estimates : bool
            Whether documented estimates fill the gaps of a level (GDP, military
            expenditure); growth gaps always stay NaN.

        Returns
        -------
        pandas.DataFrame
            Floats indexed by iso3 (in :attr:`codes` order), one column per year of
            :data:`YEARS`. Check ``economy`` for each figure's confidence and basis.
        """
        if quantity not in QUANTITIES:
            raise DataError(
                f"unknown economy quantity {quantity!r}{suggest(quantity, QUANTITIES)}; "
                f"allowed: {allowed_list(QUANTITIES)}"
            )
        rows = self.economy[self.economy["quantity"] == quantity]
        values = rows["value"]
        if estimates and quantity in LEVEL_QUANTITIES:
            values = values.fillna(rows["estimate"])
        table = rows.assign(value=values).pivot(index="iso3", columns="year", values="value")
        years = list(range(YEARS[0], YEARS[1] + 1))
        return table.reindex(index=pd.Index(self.codes, name="iso3"), columns=years)

    def enforcers(
        self, regime_id: str, year: int, universe: Iterable[str] | None = None
    ) -> tuple[str, ...]:
        """Return the senders of a sanctions regime that enforce it in ``year``.

        The regime's sender is expanded onto states (:meth:`expand`); a state with a
        ``sanctions_evasion.csv`` row for the regime covering ``year`` (``start_year``
        <= year <= ``end_year``, open-ended when blank) is dropped: it nominally
        supports the regime but breaks it, so it is not coded as an enforcer.
        """
        regimes = self.sanctions.set_index("regime_id")
        if regime_id not in regimes.index:
            raise DataError(
                f"unknown regime {regime_id!r}{suggest(regime_id, regimes.index)}; "
                "use a regime_id from sanctions.csv"
            )
        rows = self.sanctions_evasion[self.sanctions_evasion["regime_id"] == regime_id]
        ends = rows["end_year"].fillna(year)
        evaders = set(rows.loc[(rows["start_year"] <= year) & (ends >= year), "state"])
        senders = self.expand(regimes.at[regime_id, "sender"], universe)
        return tuple(state for state in senders if state not in evaders)

    def figure(self, name: str) -> pd.Series:
        """Return a state figure with documented estimates filling its gaps.

        Parameters
        ----------
        name : str
            One of :data:`FIGURES`.

        Returns
        -------
        pandas.Series
            Float values indexed by iso3 (in :attr:`codes` order): the observed
            figure where there is one, else ``<name>_estimate`` where that exists,
            else NaN. Check ``states[f"{name}_confidence"]`` for which is which.
        """
        if name not in FIGURES:
            raise DataError(
                f"unknown state figure {name!r}{suggest(name, FIGURES)}; "
                f"allowed: {allowed_list(FIGURES)}"
            )
        values = self.states[name].astype(float)
        if name in ESTIMATED_FIGURES:
            values = values.fillna(self.states[f"{name}_estimate"])
        return pd.Series(values.to_numpy(), index=pd.Index(self.codes, name="iso3"), name=name)


_CACHE = BoundedCache(8)
"""Checked fact bases by resolved folder and file contents."""


def load_facts(directory: str | Path | None = None) -> FactBase:
    """Read and check the fact tables.

    Parameters
    ----------
    directory : str or pathlib.Path, optional
        Folder holding the CSV files; default :func:`~scenarios._meta.data_dir`.

    Returns
    -------
    FactBase
        Typed frames. Results are cached per resolved folder and file contents, so
        repeated calls are cheap and an edited file is re-read; each call returns
        fresh copy-on-write copies of the frames.

    Raises
    ------
    DataError
        A missing, empty, non-UTF-8 or malformed file, or any schema violation, with
        one line naming the file, line and column.
    """
    folder, contents, digest = _read(directory)
    facts = _CACHE.get((folder, digest))
    if facts is None:
        checked = FactChecker(folder, contents).run()
        facts = _CACHE.put((folder, digest), FactBase(directory=folder, digest=digest, **checked))
    return replace(facts, **{name: getattr(facts, name).copy(deep=False) for name in SCHEMA})


def fingerprint(directory: str | Path | None = None) -> tuple[Path, str]:
    """The resolved folder and the SHA-256 of its files, without parsing them.

    What :func:`load_facts` keys its cache by (and stores as :attr:`FactBase.digest`):
    a cheap test of whether the tables changed, for caches of what is computed from
    them.

    Raises
    ------
    DataError
        A missing folder or file.
    """
    folder, _, digest = _read(directory)
    return folder, digest


def _read(directory: str | Path | None) -> tuple[Path, dict[str, bytes], str]:
    folder = Path(directory if directory is not None else data_dir()).resolve()
    if not folder.is_dir():
        raise DataError(f"{folder}: data folder not found")
    contents = {}
    for table in SCHEMA.values():
        path = folder / table.file
        if not path.is_file():
            raise DataError(
                f"{path}: file not found (the fact base needs "
                f"{', '.join(t.file for t in SCHEMA.values())})"
            )
        contents[table.name] = path.read_bytes()
    digest = hashlib.sha256(b"\0".join(contents[name] for name in SCHEMA)).hexdigest()
    return folder, contents, digest
