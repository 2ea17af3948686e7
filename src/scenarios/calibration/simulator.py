"""The trunk as a simulator of the summary statistics.

The trunk is ``replay_2022`` (``horizon_quarters = 0``): 2021Q4 to the end of the record,
every observed event replayed, every lever at its default. :class:`TrunkSimulator` codes
the facts once and records only what the statistics read (states, and the relations of
the pair statistics' states and the metrics when there are pair statistics). Parameters
vary by member (``params_override`` takes one value per member), so a batch of draws is
one vectorised run; member *m* of a batch draws its noise from ``SeedSequence(seed)``
child *m*, as every run of the engine does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from scenarios.calibration.statistics import natural_scale, pair_states, simulated, targets

TRUNK = "replay_2022"
"""The scenario that is the trunk alone."""


class TrunkSimulator:
    """Statistics of the trunk for batches of parameter draws.

    Parameters
    ----------
    table : pandas.DataFrame
        The targets (:func:`scenarios.calibration.statistics.targets`).
    scenario : Scenario, optional
        Default the trunk, :data:`TRUNK`.
    threads : int, optional
        Engine threads per batch (results do not depend on it): default every CPU; 1 when
        the batches themselves run on an executor's workers, which are the parallelism.

    Attributes
    ----------
    scenario : Scenario
    codes : tuple of str
        The run's states.
    """

    def __init__(self, table: pd.DataFrame, scenario=None, *, threads: int | None = None) -> None:
        from scenarios.model.from_facts import code_facts
        from scenarios.scenario.layers import load_scenario

        self.scenario = scenario if scenario is not None else load_scenario(TRUNK)
        self.codes = tuple(self.scenario.actors)
        self.table = table
        self.coded = code_facts(self.scenario)
        self.pairs = pair_states(table)
        self.tables = ("states", "relations", "metrics") if self.pairs else ("states",)
        self.threads = threads

    def batch(
        self,
        params: Mapping[str, np.ndarray],
        seed: int,
        first_member: int = 0,
        members: int | None = None,
    ) -> np.ndarray:
        """Statistics for a batch of draws, one member per draw.

        Parameters
        ----------
        params : Mapping of str to numpy.ndarray
            ``"section.name"`` -> one value per member (all the same length).
        seed : int
            The run's seed.
        first_member : int
            Global index of the batch's first member.
        members : int, optional
            The batch's size; default the length of the values (1 without any).

        Returns
        -------
        numpy.ndarray, shape (members, len(table))
        """
        from scenarios.model.engine import simulate_records

        if members is None:
            members = len(next(iter(params.values()))) if params else 1
        records = simulate_records(
            self.scenario,
            seed,
            members,
            first_member,
            {key: np.asarray(values, dtype=float) for key, values in params.items()},
            pairs=self.pairs,
            record=self.tables,
            facts=self.coded,
            threads=self.threads,
        )
        return simulated(records, self.table)

    def __call__(self, params: Mapping[str, float], seed: int) -> np.ndarray:
        """Statistics of one draw (a batch of one member)."""
        values = {key: np.array([value]) for key, value in params.items()}
        return self.batch(values, seed)[0]


def synthetic_record(
    rows: Sequence[tuple[str, str, int]],
    params: Mapping[str, float],
    seed: int = 0,
    *,
    confidence: str = "high",
    scenario=None,
) -> pd.DataFrame:
    """A record of the observed record's shape, made by one run of the trunk.

    For recovery tests: fit it and see which of ``params`` come back.

    Parameters
    ----------
    rows : sequence of (statistic, state or pair, year)
        The observations to make, e.g. ``("affinity", "CHN-RUS", 2023)``.
    params : Mapping of str to float
        The known parameters (others at their defaults).
    seed : int
        The run's seed (member 0).
    confidence : str
        The confidence every row gets (it sets the scale of its residual).
    scenario : Scenario, optional
        Default the trunk.

    Returns
    -------
    pandas.DataFrame
        Columns ``quantity``, ``state``, ``period``, ``value``, ``unit``, ``bound``,
        ``estimate``, ``source``, ``confidence``, ``note``, one row per entry of ``rows``.
    """
    template = pd.DataFrame(
        {
            "quantity": [row[0] for row in rows],
            "state": [row[1] for row in rows],
            "period": [str(row[2]) for row in rows],
            "value": 1.0,
            "confidence": confidence,
        }
    )
    from scenarios.scenario.layers import load_scenario

    scenario = scenario if scenario is not None else load_scenario(TRUNK)
    table = targets(template, scenario.actors, split="all")
    simulator = TrunkSimulator(table, scenario)
    values = simulator({key: float(value) for key, value in params.items()}, seed)
    values = natural_scale(table, values)
    return pd.DataFrame(
        {
            "quantity": table["statistic"],
            "state": table["state"],
            "period": table["year"].astype(str),
            "value": values,
            "unit": "model",
            "bound": "point",
            "estimate": True,
            "source": f"synthetic: the trunk, seed {seed}, member 0",
            "confidence": confidence,
            "note": "made by scenarios.calibration.simulator.synthetic_record",
        }
    )
