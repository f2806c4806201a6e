"""The rules of the code's layout, checked on every run so that they stay true.

- No Python file over 500 lines outside migrations, tests included.
- No import cycle between the modules of one app, counting imports inside functions too. The one
  exception is a page model's route method importing the app's views: a page must know the view
  that serves a route, and the view must know its page.
- Wagtail hooks are registered in an app's ``wagtail_hooks.py`` only, never as a side effect of
  importing some other module.
- The admin's styles live in one stylesheet (site/static/css/admin.css), not in <style> blocks.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("home", "events", "discussions", "reports")
MAX_LINES = 500
ROUTE_DECORATORS = {"path", "re_path", "route"}


def python_files(*folders):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts and "__pycache__" not in path.parts:
                yield path


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_route_method(node):
    """A method decorated with @path(...), @re_path(...) or @route(...)."""
    for decorator in getattr(node, "decorator_list", []):
        call = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = call.attr if isinstance(call, ast.Attribute) else getattr(call, "id", "")
        if name in ROUTE_DECORATORS:
            return True
    return False


def imported_modules(path, modules):
    """(module imported, whether the import is a route method's) for every import in the file,
    limited to ``modules``: ``from .x import y`` counts as importing ``x.y`` when that is a
    module, else ``x``."""
    this = module_name(path)
    package = this if path.name == "__init__.py" else this.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node, in_route):
        for child in ast.iter_child_nodes(node):
            route = in_route or is_route_method(child)
            if isinstance(child, ast.Import):
                found.extend((alias.name, route) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (child.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in child.names:
                    full = f"{base}.{alias.name}"
                    found.append((full if full in modules else base, route))
            visit(child, route)

    visit(tree, False)
    return [(name, route) for name, route in found if name in modules and name != this]


def find_cycle(graph):
    """One import cycle in ``graph`` (module -> modules it imports) as a list, or None."""
    state, stack = {}, []

    def walk(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := walk(target)):
                return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := walk(node)):
            return cycle
    return None


def test_no_python_file_is_over_500_lines():
    folders = (*APPS, "site", "tests", "scripts")
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in python_files(*folders)
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}


def test_no_import_cycle_inside_an_app():
    for app in APPS:
        files = list(python_files(app))
        modules = {module_name(path) for path in files}
        graph = {}
        for path in files:
            for target, in_route in imported_modules(path, modules):
                if in_route and target.rpartition(".")[2] == "views":
                    continue
                graph.setdefault(module_name(path), set()).add(target)
        assert find_cycle(graph) is None, f"{app}: {' -> '.join(find_cycle(graph))}"


def test_the_cycle_check_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}}) is None


def test_hooks_are_registered_in_wagtail_hooks_only():
    registering = [
        str(path.relative_to(ROOT))
        for path in python_files(*APPS)
        if "hooks.register(" in path.read_text(encoding="utf-8") and path.name != "wagtail_hooks.py"
    ]
    assert registering == []


def test_admin_templates_have_no_inline_styles():
    with_style = [
        str(path.relative_to(ROOT))
        for app in (*APPS, "site")
        for path in sorted((ROOT / app).rglob("*.html"))
        if "<style" in path.read_text(encoding="utf-8")
    ]
    assert with_style == []
