"""The package's import graph: no cycles, and imports run one way.

Read with Python's ``ast`` (no module is imported), so a cycle hidden behind a function-level
import is still an edge here. The layers, lowest first::

    conf, cache_versions, counter_cache, embeds, url_safety, private_documents
                                                  (low level: no KB model)
      <-  blocks  <-  models
      <-  services (toc, ratings, search, importers, document_usage, ...)
      <-  views

``admin/`` and ``wagtail_hooks`` are leaves: nothing in the package imports them.
"""

import ast
from pathlib import Path

from django.test import SimpleTestCase

import wagtail_kb

PACKAGE_DIR = Path(wagtail_kb.__file__).resolve().parent
PACKAGE = "wagtail_kb"
LEAVES = ("wagtail_kb.admin", "wagtail_kb.wagtail_hooks")
# Below the page models, beside ``conf``: blocks use them, and they import no model of the KB.
LOW_LEVEL = (
    "conf",
    "cache_versions",
    "counter_cache",
    "embeds",
    "url_safety",
    "private_documents",
)
# ``AppConfig.ready()`` imports what needs the models loaded (checks, signal handlers).
READY_IMPORTERS = ("wagtail_kb.apps",)
# How many function-level imports of the package's own modules may remain (a page handing its
# request over to a view: route methods, get_context, serve). Raise it only with a reason.
MAX_LOCAL_IMPORTS = 6


def module_name(path):
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules():
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield module_name(path), path


def resolve(importer, is_package, node):
    """The absolute names a ``from … import …``/``import …`` statement refers to."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = importer.split(".")
        if not is_package:
            base.pop()
        base = base[: len(base) - (node.level - 1)]
        stem = ".".join([*base, node.module] if node.module else base)
    else:
        stem = node.module or ""
    # ``from pkg import name`` may import the submodule ``pkg.name``.
    return [stem, *(f"{stem}.{alias.name}" for alias in node.names)]


def own_edges(modules):
    """{module: {(imported module, at module level?)}} for imports within the package."""
    known = set(modules)
    edges = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        is_package = path.name == "__init__.py"
        top_level = {id(node) for node in tree.body}
        found = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            at_top = id(node) in top_level or _inside_top_level_block(tree, node)
            for target in resolve(name, is_package, node):
                # ``from .. import x`` names the root package, which only holds the version.
                if target in known and target not in (name, PACKAGE):
                    found.add((target, at_top))
        edges[name] = found
    return edges


def _inside_top_level_block(tree, node):
    """Imports under a top-level ``if``/``try`` (e.g. TYPE_CHECKING) count as module level."""
    for statement in tree.body:
        if isinstance(statement, ast.If | ast.Try) and node in ast.walk(statement):
            return True
    return False


def layer(name):
    """``wagtail_kb.search.query`` → ``search``; the package itself → ``""``."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def find_cycle(graph):
    """One cycle of ``graph`` ({node: {nodes}}) as a list, or None."""
    state = {}
    stack = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


class ImportGraphTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.modules = dict(package_modules())
        cls.edges = own_edges(cls.modules)

    def graph(self, *, module_level_only):
        graph = {}
        for source, targets in self.edges.items():
            graph[source] = {
                target
                for target, at_top in targets
                # A page handing its request over to a service or a view (route methods,
                # get_context) is the one sanctioned way up: counted and capped below.
                if at_top
                or layer(source) != "models"
                # A package's ``__init__`` importing its submodules counts too: importing the
                # package runs them, so a submodule that needs the package back is a real loop.
                and (at_top or not module_level_only)
            }
        return graph

    def test_no_import_cycle_at_module_level(self):
        cycle = find_cycle(self.graph(module_level_only=True))
        self.assertIsNone(cycle, f"import cycle: {' -> '.join(cycle or [])}")

    def test_no_import_cycle_hidden_by_function_level_imports(self):
        cycle = find_cycle(self.graph(module_level_only=False))
        self.assertIsNone(cycle, f"import cycle: {' -> '.join(cycle or [])}")

    def test_leaves_are_imported_by_nothing_else(self):
        def in_leaf(name):
            return any(name == leaf or name.startswith(leaf + ".") for leaf in LEAVES)

        for source, targets in self.edges.items():
            for target, _ in targets:
                if in_leaf(target) and not in_leaf(source):
                    self.fail(f"{source} imports the leaf {target}")

    def test_models_import_no_service_or_view_at_module_level(self):
        services = ("toc", "embeds", "ratings", "search", "importers", "reach", "views")
        for source, targets in self.edges.items():
            if not (source == "wagtail_kb.models" or source.startswith("wagtail_kb.models.")):
                continue
            for target, at_top in targets:
                if at_top and layer(target) in services:
                    self.fail(f"{source} imports the service {target} at module level")

    def test_low_level_modules_and_blocks_stay_below_the_models(self):
        for source, targets in self.edges.items():
            source_layer = layer(source)
            for target, _ in targets:
                target_layer = layer(target)
                if source_layer == "conf":
                    self.fail(f"conf imports {target}")
                if source_layer in LOW_LEVEL and target_layer not in LOW_LEVEL:
                    self.fail(f"{source} imports {target}: it must stay below the models")
                if source_layer == "blocks" and target_layer not in ("blocks", *LOW_LEVEL):
                    self.fail(f"{source} imports {target}: blocks sit below models and services")

    def test_few_function_level_imports_of_the_package(self):
        local = sorted(
            f"{source} -> {target}"
            for source, targets in self.edges.items()
            for target, at_top in targets
            if not at_top and source not in READY_IMPORTERS
        )
        self.assertLessEqual(len(local), MAX_LOCAL_IMPORTS, "\n".join(local))

    def test_the_walker_finds_a_cycle_when_there_is_one(self):
        self.assertEqual(find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}), ["a", "b", "c", "a"])
        self.assertIsNone(find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}))
