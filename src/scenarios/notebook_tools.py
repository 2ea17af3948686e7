"""Deprecated: a forwarding module for old imports, until the next release.

Notebook tools live in :mod:`scenarios.report`.
"""

from scenarios._moved import forward

__getattr__, __dir__ = forward(
    __name__,
    "scenarios.report",
    {
        "DEFAULT_TIMEOUT": "scenarios.report.notebooks",
        "KERNELSPEC": "scenarios.report.notebooks",
        "KERNEL_SETTINGS": "scenarios.report.notebooks",
        "NOTEBOOK_GLOB": "scenarios.report.notebooks",
        "NOTEBOOK_NAME": "scenarios.report.notebooks",
        "NotebookError": "scenarios.report.notebooks",
        "RAISES_TAG": "scenarios.report.notebooks",
        "REQUIRED_SECTIONS": "scenarios.report.conventions",
        "SKIP_COMMENT": "scenarios.report.notebooks",
        "SKIP_TAG": "scenarios.report.notebooks",
        "WIDGET_VIEW": "scenarios.report.notebooks",
        "atomic_write_bytes": "scenarios.report.notebooks",
        "check_notebook": "scenarios.report.conventions",
        "convention_problems": "scenarios.report.conventions",
        "describe": "scenarios.report.conventions",
        "execute_notebook": "scenarios.report.notebooks",
        "execution_problems": "scenarios.report.conventions",
        "is_skipped": "scenarios.report.notebooks",
        "kernel_environment": "scenarios.report.notebooks",
        "normalise": "scenarios.report.notebooks",
        "notebook_bytes": "scenarios.report.notebooks",
        "numbered_notebooks": "scenarios.report.notebooks",
        "output_problems": "scenarios.report.conventions",
        "read_notebook": "scenarios.report.notebooks",
        "regenerate_command": "scenarios.report.regenerate",
        "regenerate_notebook": "scenarios.report.regenerate",
        "warm_font_cache": "scenarios.report.notebooks",
        "write_notebook": "scenarios.report.notebooks",
    },
)
