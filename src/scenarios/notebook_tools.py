"""Former home of the notebook tools; they now live in the modules of :mod:`scenarios.report`.

Kept so that ``from scenarios.notebook_tools import ...`` keeps working:
:mod:`scenarios.report.notebooks` (reading, writing, normalising and executing),
:mod:`scenarios.report.conventions` (the checks) and :mod:`scenarios.report.regenerate`.
"""

from scenarios.report.conventions import (
    REQUIRED_SECTIONS,
    check_notebook,
    convention_problems,
    describe,
    execution_problems,
    output_problems,
)
from scenarios.report.notebooks import (
    DEFAULT_TIMEOUT,
    KERNEL_SETTINGS,
    KERNELSPEC,
    NOTEBOOK_GLOB,
    NOTEBOOK_NAME,
    RAISES_TAG,
    SKIP_COMMENT,
    SKIP_TAG,
    WIDGET_VIEW,
    NotebookError,
    atomic_write_bytes,
    execute_notebook,
    is_skipped,
    kernel_environment,
    normalise,
    notebook_bytes,
    numbered_notebooks,
    read_notebook,
    warm_font_cache,
    write_notebook,
)
from scenarios.report.regenerate import regenerate_command, regenerate_notebook

__all__ = [
    "DEFAULT_TIMEOUT",
    "KERNELSPEC",
    "KERNEL_SETTINGS",
    "NOTEBOOK_GLOB",
    "NOTEBOOK_NAME",
    "RAISES_TAG",
    "REQUIRED_SECTIONS",
    "SKIP_COMMENT",
    "SKIP_TAG",
    "WIDGET_VIEW",
    "NotebookError",
    "atomic_write_bytes",
    "check_notebook",
    "convention_problems",
    "describe",
    "execute_notebook",
    "execution_problems",
    "is_skipped",
    "kernel_environment",
    "normalise",
    "notebook_bytes",
    "numbered_notebooks",
    "output_problems",
    "read_notebook",
    "regenerate_command",
    "regenerate_notebook",
    "warm_font_cache",
    "write_notebook",
]
