"""List every import between our apps and every template that loads another app's tag
library, and fail on those that break DESIGN.md's layout.

Dependencies point one way: formbuilder <- catalog <- submissions <- routing, receipts
<- appointments <- cms_site (cms_site.audit and cms_site.statistics are part of cms_site's
layer). appointments (the in-person desk's bookings) may import formbuilder, catalog,
submissions and receipts, never routing.
routing and receipts share a layer and may not import each other. The language toolkit
(formbuilder/persian/) imports nothing of ours, and its `khedmat` tag library is the one
library any app's templates may load.

    python scripts/check_imports.py [--root PATH]

Prints the imports and template loads it found, then the violations; the exit status
is 1 when there is any.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

# App -> layer: an app may import only apps of a lower layer.
LAYERS = {
    "formbuilder": 0,
    "catalog": 1,
    "submissions": 2,
    "routing": 3,
    "receipts": 3,
    "appointments": 4,
    "cms_site": 5,
}
# Imports a layer's order alone would allow but the layout forbids: importer -> imported.
FORBIDDEN = {("appointments", "routing")}
TOOLKIT = "formbuilder.persian"
TOOLKIT_LIBRARY = "khedmat"
SKIPPED_DIRS = {"__pycache__", "node_modules", "static", "locale", "wagtail_locale"}
_LOAD = re.compile(r"{%\s*load\s+(.*?)\s*%}")


@dataclass(frozen=True)
class Import:
    path: str  # file, relative to the root
    line: int
    source: str  # importing module
    target: str  # imported module

    @property
    def source_app(self) -> str:
        return self.source.split(".", 1)[0]

    @property
    def target_app(self) -> str:
        return self.target.split(".", 1)[0]


@dataclass(frozen=True)
class Load:
    path: str  # template, relative to the root
    line: int
    app: str  # the app the template belongs to
    library: str
    owner: str  # the app the library belongs to


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def python_files(root: Path):
    for app in LAYERS:
        for path in sorted((root / app).rglob("*.py")):
            if not SKIPPED_DIRS & set(path.relative_to(root).parts):
                yield path


def imports_in(root: Path, path: Path) -> list[Import]:
    """Every import of one of our apps in a module, at any depth (also inside functions)."""
    source = module_name(root, path)
    package = source if path.name == "__init__.py" else source.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            # `from .. import submissions` names modules, not attributes of one.
            targets = [module] if module else [alias.name for alias in node.names]
        else:
            continue
        for target in targets:
            if target.split(".", 1)[0] in LAYERS:
                found.append(Import(str(path.relative_to(root)), node.lineno, source, target))
    return found


def tag_libraries(root: Path) -> dict[str, str]:
    """Library name -> the app whose templatetags package defines it."""
    owners = {}
    for app in LAYERS:
        for path in sorted((root / app).rglob("templatetags/*.py")):
            if path.name != "__init__.py":
                owners[path.stem] = app
    return owners


def template_loads(root: Path, owners: dict[str, str]) -> list[Load]:
    """Every {% load %} in our apps' templates of a library another of our apps defines."""
    loads = []
    for app in LAYERS:
        for path in sorted((root / app).rglob("templates/**/*")):
            if not path.is_file() or path.suffix not in (".html", ".txt", ".xml", ".svg"):
                continue
            text = path.read_text(encoding="utf-8")
            for match in _LOAD.finditer(text):
                words = match.group(1).split()
                # {% load a b %}, or {% load name1 name2 from library %}
                libraries = words[-1:] if "from" in words else words
                line = text.count("\n", 0, match.start()) + 1
                for library in libraries:
                    owner = owners.get(library)
                    if owner is not None and owner != app:
                        rel = str(path.relative_to(root))
                        loads.append(Load(rel, line, app, library, owner))
    return loads


def import_violation(item: Import) -> str | None:
    source, target = item.source_app, item.target_app
    if item.source.startswith(TOOLKIT + ".") or item.source == TOOLKIT:
        if not (item.target == TOOLKIT or item.target.startswith(TOOLKIT + ".")):
            return "the language toolkit imports nothing of ours outside itself"
        return None
    if source == target:
        return None
    if (source, target) in FORBIDDEN:
        return f"{source} may not import {target}"
    if LAYERS[target] > LAYERS[source]:
        return f"{source} may not import {target}, which is above it"
    if LAYERS[target] == LAYERS[source]:
        return f"{source} and {target} share a layer and may not import each other"
    return None


def load_violation(item: Load) -> str | None:
    if item.library == TOOLKIT_LIBRARY:
        return None
    return f"a {item.app} template loads {item.owner}'s tag library {item.library!r}"


def check(root: Path) -> tuple[list[Import], list[Load], list[str]]:
    imports = [item for path in python_files(root) for item in imports_in(root, path)]
    loads = template_loads(root, tag_libraries(root))
    violations = [
        f"{item.path}:{item.line}: {item.source} imports {item.target}: {reason}"
        for item in imports
        if (reason := import_violation(item))
    ] + [
        f"{item.path}:{item.line}: {{% load {item.library} %}}: {reason}"
        for item in loads
        if (reason := load_violation(item))
    ]
    return imports, loads, violations


def report(imports: list[Import], loads: list[Load], violations: list[str]) -> str:
    edges = defaultdict(set)
    counts = defaultdict(int)
    for item in imports:
        if item.source_app != item.target_app:
            edges[item.source_app, item.target_app].add(item.target)
            counts[item.source_app, item.target_app] += 1
    lines = ["Imports between apps (importer -> imported: count, modules):"]
    for (source, target), modules in sorted(edges.items(), key=lambda e: (LAYERS[e[0][0]], e[0])):
        lines.append(
            f"  {source} -> {target}: {counts[source, target]}, {', '.join(sorted(modules))}"
        )
    libraries = defaultdict(set)
    for item in loads:
        libraries[item.app, item.owner, item.library].add(item.path)
    lines.append("Templates loading another app's tag library (app -> library, templates):")
    for (app, owner, library), paths in sorted(libraries.items()):
        lines.append(f"  {app} -> {owner}:{library}, {len(paths)}")
    lines.append(f"Violations: {len(violations)}")
    lines.extend(f"  {violation}" for violation in violations)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args(argv)
    imports, loads, violations = check(args.root)
    print(report(imports, loads, violations))
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
