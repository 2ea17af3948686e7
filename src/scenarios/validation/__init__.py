"""Validation checks: classic results the model should reproduce, each as a tidy table.

One submodule per check; each public function returns a :class:`pandas.DataFrame`. To add a
check, add its module and one import line below.
"""

from scenarios.validation.balance import (
    balance_check,
    balance_dynamics,
    balance_runs,
    balance_summary,
    eigenvector_split,
    random_signed_networks,
)
from scenarios.validation.landscape import (
    Landscape1936,
    coded_pairs,
    landscape_check,
    landscape_local_minima,
    landscape_prediction,
    landscape_sensitivity,
    landscape_summary,
    load_landscape_1936,
    propensity_matrix,
)
from scenarios.validation.landscape_rules import (
    chance_distribution,
    chance_level,
    leave_one_rule_out,
)
from scenarios.validation.replay import (
    load_observed,
    replay_check,
    replay_comparison,
    replay_results,
)
from scenarios.validation.richardson import (
    richardson_cases,
    richardson_check,
    richardson_equilibrium,
    richardson_path,
)
from scenarios.validation.richardson_budgets import (
    bloc_totals,
    load_richardson_1909,
    richardson_fit,
    richardson_prediction,
)
from scenarios.validation.richardson_deterrence import deterrence_reduction, two_bloc_world
from scenarios.validation.sanity import (
    load_sanity_bands,
    sanity_check,
    sanity_runs,
    sanity_table,
)
from scenarios.validation.scorecard import member_draws, scorecard, scorecard_summary
from scenarios.validation.skill import SWITCHES, carried_forward
from scenarios.validation.stylized import (
    load_stylized_facts,
    stylized_check,
    stylized_facts,
    stylized_values,
)

__all__ = [
    "SWITCHES",
    "Landscape1936",
    "balance_check",
    "balance_dynamics",
    "balance_runs",
    "balance_summary",
    "bloc_totals",
    "carried_forward",
    "chance_distribution",
    "chance_level",
    "coded_pairs",
    "deterrence_reduction",
    "eigenvector_split",
    "landscape_check",
    "landscape_local_minima",
    "landscape_prediction",
    "landscape_sensitivity",
    "landscape_summary",
    "leave_one_rule_out",
    "load_landscape_1936",
    "load_observed",
    "load_richardson_1909",
    "load_sanity_bands",
    "load_stylized_facts",
    "member_draws",
    "propensity_matrix",
    "random_signed_networks",
    "replay_check",
    "replay_comparison",
    "replay_results",
    "richardson_cases",
    "richardson_check",
    "richardson_equilibrium",
    "richardson_fit",
    "richardson_path",
    "richardson_prediction",
    "sanity_check",
    "sanity_runs",
    "sanity_table",
    "scorecard",
    "scorecard_summary",
    "stylized_check",
    "stylized_facts",
    "stylized_values",
    "two_bloc_world",
]
