"""The seminar notebooks as a product: executing them, checking them, and a static HTML site.

Modules: :mod:`~scenarios.report.notebooks` (reading, writing, normalising and executing
notebooks), :mod:`~scenarios.report.conventions` (what a well-kept notebook looks like),
:mod:`~scenarios.report.regenerate` (what ``notebooks/regenerate.py`` runs),
:mod:`~scenarios.report.build` (the static HTML site of ``scenarios report``, with
:mod:`~scenarios.report.pages`, :mod:`~scenarios.report.index` and
:mod:`~scenarios.report.mathml`) and
:mod:`~scenarios.report.extra` (the optional Jupyter packages of the ``report`` extra,
imported only when needed: ``pip install "alignment-scenarios[report]"``).

The names below are those of the former module ``scenarios.report``, kept so that
``from scenarios.report import build_report`` keeps working.
"""

from scenarios.report.build import MARKER, ReportIncomplete, build_report, default_notebooks_dir

__all__ = ["MARKER", "ReportIncomplete", "build_report", "default_notebooks_dir"]
