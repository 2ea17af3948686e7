"""The module layout's rules (docs/architecture.md), checked on the source tree.

- no module is much over 400 lines;
- no module imports the package face ``scenarios`` (it only re-exports: importing it
  back would tie every module to all the others);
- no private module (``_name``) or private name is imported from outside the package
  that owns it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "scenarios"
MAX_LINES = 420
"""About 400 lines: the guide's size for a module that a newcomer reads in one sitting."""


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def dotted(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def owner(module: str, is_package: bool) -> str:
    """The package a module belongs to (itself, for a package's ``__init__``)."""
    return module if is_package else module.rpartition(".")[0]


def imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, imported module, imported names) of every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    here = dotted(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                if path.name != "__init__.py":
                    base = base[:-1]
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module, [alias.name for alias in node.names]))
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_is_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines; split it by what it owns"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_the_package_face(path):
    if path == PACKAGE / "__init__.py":
        return

    def submodule(name: str) -> bool:
        return (PACKAGE / f"{name}.py").is_file() or (PACKAGE / name).is_dir()

    bad = [
        line
        for line, module, names in imports(path)
        if module == "scenarios" and not (names and all(map(submodule, names)))
    ]
    assert not bad, f"{path.name} imports the package face `scenarios` on line(s) {bad}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_private_modules_and_names_stay_in_their_package(path):
    here = owner(dotted(path), path.name == "__init__.py")
    problems = []
    for line, module, names in imports(path):
        if not module.startswith("scenarios."):
            continue
        parts = module.split(".")
        for depth, part in enumerate(parts):
            if part.startswith("_") and not part.startswith("__") and part != "_meta":
                home = ".".join(parts[:depth])
                if not (here == home or here.startswith(home + ".")):
                    problems.append(f"line {line}: private module {module}")
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        is_package = (PACKAGE.parent / module.replace(".", "/")).is_dir()
        home = module if is_package else module.rpartition(".")[0]
        if private and not (here == home or here.startswith(home + ".")):
            problems.append(f"line {line}: private names {private} from {module}")
    assert not problems, f"{path.relative_to(PACKAGE)}: " + "; ".join(problems)
