"""The rules of the yearly panel and the context tables, mixed into the fact checker.

:class:`ContextRules` holds the ``rules_<table>`` methods of ``economy``,
``sanctions_evasion``, ``arms_capacity``, ``rivalries`` and ``military_presence``
(declared in :mod:`~scenarios.facts.schema_context`), and the period and range checks
they share. :class:`~scenarios.facts.rules.FactChecker` inherits them and supplies
what they lean on: ``fail``, ``path``, ``frames``, ``lines``, ``groups``,
``check_precisions`` and ``add_records``.
"""

from __future__ import annotations

import pandas as pd

from scenarios.errors import DataError, allowed_list
from scenarios.facts.columns import MISSING, OBSERVED, Table
from scenarios.facts.schema_context import ESTIMATE_RULES, LEVEL_QUANTITIES, QUANTITIES, YEARS


class ContextRules:
    """Rules of the panel and context tables, inherited by the fact checker."""

    def rules_economy(self, table: Table, frame: pd.DataFrame) -> None:
        states = self.frames["states"].set_index("iso3")
        for row, cells in enumerate(frame.to_dict("records")):
            code, quantity = cells["iso3"], cells["quantity"]
            value, label = cells["value"], cells["confidence"]
            if code not in states.index:
                raise self.fail(
                    table, row, "iso3", f"{code} is not in states.csv; list only model states"
                )
            allowed = OBSERVED if value else MISSING
            if label not in allowed:
                state = "has a value" if value else "is blank"
                raise self.fail(
                    table,
                    row,
                    "confidence",
                    f"{label!r} is not allowed when value {state}; "
                    f"allowed: {allowed_list(allowed)}",
                )
            if bool(value) != bool(cells["basis"]):
                raise self.fail(
                    table,
                    row,
                    "basis",
                    "is empty; a value needs its basis"
                    if value
                    else "must be empty when value is blank",
                )
            level = quantity in LEVEL_QUANTITIES
            if value and level and float(value) < 0:
                raise self.fail(
                    table, row, "value", f"{value} is below the minimum 0 for {quantity}"
                )
            self.check_economy_estimate(table, cells, row, level)
            if value and level and cells["year"] == "2023":
                figure = f"{quantity}_2023"
                observed = states.at[code, figure]
                if observed and float(observed) != float(value):
                    raise self.fail(
                        table,
                        row,
                        "value",
                        f"{value} differs from {figure} = {observed} in states.csv; "
                        "the 2023 figures must agree",
                    )
        self.check_economy_complete(table, frame, list(states.index))

    def check_economy_estimate(
        self, table: Table, cells: dict[str, str], row: int, level: bool
    ) -> None:
        value, estimate = cells["value"], cells["estimate"]
        method, label = cells["estimate_method"], cells["estimate_confidence"]
        if estimate and not level:
            raise self.fail(
                table,
                row,
                "estimate",
                f"only {allowed_list(LEVEL_QUANTITIES)} take estimates; "
                f"leave {cells['quantity']} gaps blank",
            )
        if estimate and value:
            raise self.fail(
                table,
                row,
                "estimate",
                "an estimate is given although value is given; estimates only fill gaps",
            )
        if bool(estimate) != bool(method):
            column, problem = (
                ("estimate_method", "is empty; an estimate needs its method")
                if estimate
                else ("estimate", "is empty although a method is given")
            )
            raise self.fail(table, row, column, problem)
        if method and method.split(":", 1)[0] not in ESTIMATE_RULES:
            raise self.fail(
                table,
                row,
                "estimate_method",
                "must start with a rule and a colon "
                f"({', '.join(rule + ':' for rule in ESTIMATE_RULES)})",
            )
        if bool(estimate) != bool(label):
            raise self.fail(
                table,
                row,
                "estimate_confidence",
                "must be 'estimated' when an estimate is given"
                if estimate
                else "must be empty when no estimate is given",
            )

    def check_economy_complete(self, table: Table, frame: pd.DataFrame, codes: list[str]):
        present = set(frame[["iso3", "year", "quantity"]].itertuples(index=False, name=None))
        for code in codes:
            for year in range(YEARS[0], YEARS[1] + 1):
                for quantity in QUANTITIES:
                    if (code, str(year), quantity) not in present:
                        raise DataError(
                            f"{self.path(table)}: no row for iso3={code}, year={year}, "
                            f"quantity={quantity}; every state in states.csv needs every "
                            f"quantity for {YEARS[0]}-{YEARS[1]} (a blank value labelled "
                            "no_data or not_found where none is published)"
                        )

    def rules_sanctions_evasion(self, table: Table, frame: pd.DataFrame) -> None:
        regimes = self.frames["sanctions"].set_index("regime_id")
        for row in range(len(frame)):
            regime, state = frame.at[row, "regime_id"], frame.at[row, "state"]
            sender = regimes.at[regime, "sender"]
            senders = self.groups.get(sender, (sender,))
            if state not in senders:
                raise self.fail(
                    table,
                    row,
                    "state",
                    f"{state} is not a sender of {regime} (sender {sender}: "
                    f"{allowed_list(senders)}); record only senders that evade their own regime",
                )
            start, end = frame.at[row, "start_year"], frame.at[row, "end_year"]
            if int(start) < int(regimes.at[regime, "start_year"]):
                raise self.fail(
                    table,
                    row,
                    "start_year",
                    f"{start} is before {regime} began ({regimes.at[regime, 'start_year']})",
                )
            if end and int(end) < int(start):
                raise self.fail(table, row, "end_year", f"{end} is before start_year {start}")
        self.add_records(table, frame, "evasion_id")

    def rules_arms_capacity(self, table: Table, frame: pd.DataFrame) -> None:
        self.check_precisions(table, frame)
        for row in range(len(frame)):
            producer, recipient = frame.at[row, "producer"], frame.at[row, "recipient"]
            if producer == recipient:
                raise self.fail(table, row, "recipient", "is the same as the producer")
            if frame.at[row, "measure"] == "deliveries" and not recipient:
                raise self.fail(
                    table, row, "recipient", "is empty; a row of deliveries needs its recipient"
                )
            self.check_period(table, frame, row, "period_start", "period_end")
            self.check_range(table, frame, row, "value_low", "value_high", required=True)
        self.add_records(table, frame, "capacity_id")

    def rules_rivalries(self, table: Table, frame: pd.DataFrame) -> None:
        first: dict[tuple[frozenset[str], str], int] = {}
        for row in range(len(frame)):
            a, b = frame.at[row, "side_a"], frame.at[row, "side_b"]
            if a == b:
                raise self.fail(table, row, "side_b", "is the same as side_a")
            start, end = frame.at[row, "start_year"], frame.at[row, "end_year"]
            if end and int(end) < int(start):
                raise self.fail(table, row, "end_year", f"{end} is before start_year {start}")
            key = (frozenset((a, b)), start)
            if key in first:
                raise self.fail(
                    table,
                    row,
                    "start_year",
                    f"rivalry {a}-{b} from {start} is already on line "
                    f"{self.lines[table.name][first[key]]}",
                )
            first[key] = row
        self.add_records(table, frame, "rivalry_id")

    def rules_military_presence(self, table: Table, frame: pd.DataFrame) -> None:
        self.check_precisions(table, frame)
        for row in range(len(frame)):
            if frame.at[row, "guest"] == frame.at[row, "host"]:
                raise self.fail(table, row, "host", "is the same as the guest")
            self.check_period(table, frame, row, "start", "end")
            self.check_range(table, frame, row, "personnel_low", "personnel_high")
        self.add_records(table, frame, "presence_id")

    def check_period(self, table: Table, frame: pd.DataFrame, row: int, first: str, last: str):
        start, end = frame.at[row, first], frame.at[row, last]
        if start and end and start > end:
            raise self.fail(table, row, last, f"{end} is before {first} {start}")

    def check_range(
        self,
        table: Table,
        frame: pd.DataFrame,
        row: int,
        low_column: str,
        high_column: str,
        required: bool = False,
    ) -> None:
        low, high = frame.at[row, low_column], frame.at[row, high_column]
        if required and not (low or high):
            raise self.fail(
                table, row, low_column, f"is empty; give {low_column}, {high_column} or both"
            )
        if low and high and float(low) > float(high):
            raise self.fail(table, row, high_column, f"{high} is below {low_column} {low}")
