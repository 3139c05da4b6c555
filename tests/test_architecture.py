"""The house's rules (docs/architecture.md), checked on the code: imports go one way, top to bottom, even
inside functions; no room imports its neighbour; no module runs past
400 lines, service/extraction/ included."""

import ast
from pathlib import Path

SERVICE = Path(__file__).resolve().parent.parent / "service"
# Each room and the rooms it may import (besides itself); a room never imports one above it.
MAY_IMPORT = {
    "extraction": set(),
    "sources": set(),
    "evaluation": set(),
    "config": set(),
    "extensions": set(),
    "store": {"extensions", "config", "extraction", "sources"},
    "http": {"extensions", "config", "store"},
    "api": {"extensions", "config", "store", "http", "sources"},
    "web": {"extensions", "config", "store"},
    "app": {"extensions", "config", "store", "http", "api", "web"},
    "cli": {
        "extensions",
        "config",
        "store",
        "extraction",
        "sources",
        "evaluation",
        "app",
        "serve",
        "worker",
        "scoring_commands",
        "cli_corrections",
        "cli_loads",
        "",
    },
    "scoring_commands": {"", "app", "extensions", "store", "extraction", "evaluation"},
    "cli_corrections": {"extensions", "config", "store", "extraction"},
    "cli_loads": {"extensions", "store"},
    "wsgi": {"", "extraction"},  # each worker loads the model before its first request
    "serve": {"", "store", "extraction"},
    "worker": {"", "extensions", "store", "extraction"},
    "": {"app"},  # service/__init__.py: create_app, loaded when first called
}
MAX_LINES = 400


def _modules():
    for path in sorted(SERVICE.rglob("*.py")):
        parts = path.relative_to(SERVICE).with_suffix("").parts
        yield path, ("service", *parts[:-1], *([] if parts[-1] == "__init__" else [parts[-1]]))


def _imported(path: Path, module: tuple) -> set[tuple]:
    """Every service module `path` imports, at the top or inside a function."""
    package = module if path.name == "__init__.py" else module[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = (
                (*package[: len(package) - node.level + 1], *(node.module or "").split("."))
                if node.level
                else tuple((node.module or "").split("."))
            )
            base = tuple(part for part in base if part)
            if base[:1] == ("service",):
                found |= {
                    (*base, alias.name) if _is_module((*base, alias.name)) else base for alias in node.names
                }
        elif isinstance(node, ast.Import):
            found |= {
                tuple(alias.name.split(".")) for alias in node.names if alias.name.startswith("service")
            }
    return found


def _is_module(name: tuple) -> bool:
    path = SERVICE.joinpath(*name[1:])
    return path.is_dir() or path.with_suffix(".py").is_file()


def _room(module: tuple) -> str:
    return module[1] if len(module) > 1 else ""


def test_every_import_goes_down_or_stays_in_its_room():
    upward = []
    for path, module in _modules():
        room = _room(module)
        for target in _imported(path, module):
            other = _room(target)
            if other != room and other not in MAY_IMPORT[room]:
                upward.append(f"{'.'.join(module)} imports {'.'.join(target)}")
    assert upward == []


def test_no_import_circle_at_module_level():
    modules = dict(_modules())
    names = {".".join(m): m for m in modules.values()}
    graph = {}
    for path, module in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = ast.Module(
            body=[n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))], type_ignores=[]
        )
        package = module if path.name == "__init__.py" else module[:-1]
        targets = set()
        for node in top.body:
            if isinstance(node, ast.ImportFrom) and node.level:
                base = ".".join((*package[: len(package) - node.level + 1], *filter(None, [node.module])))
                for alias in node.names:
                    targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in names else base)
        graph[".".join(module)] = {t for t in targets if t in names and t != ".".join(module)}

    def visit(node, trail):
        if node in trail:
            return trail[trail.index(node) :] + [node]
        for nxt in graph.get(node, ()):
            if not nxt.startswith(node + "."):  # a package importing its own modules is no circle
                circle = visit(nxt, trail + [node])
                if circle:
                    return circle
        return None

    circles = [c for name in graph if (c := visit(name, []))]
    assert circles == []


def test_no_module_is_over_400_lines():
    long = {
        str(path.relative_to(SERVICE)): n
        for path, _ in _modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
