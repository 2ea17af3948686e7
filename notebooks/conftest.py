"""pytest settings for the notebook regression run (``pytest notebooks --nbval``).

nbval starts each kernel with this process's environment, so setting the kernel settings
here makes a bare ``pytest --nbval`` run the notebooks exactly as ``regenerate.py`` did,
not only the run through ``tasks.py``.
"""

import os

from scenarios.report.notebooks import KERNEL_SETTINGS, warm_font_cache

os.environ.update(KERNEL_SETTINGS)


def pytest_sessionstart(session):
    warm_font_cache()
