"""The bindings sit below dbt and the adapter package (docs/architecture.md): they read no dbt
state and call nothing in adapter_py; what they need from above (dbt's invocation id) is handed
down to them. The one dbt module they import is dbt_common.exceptions, whose classes they raise
at the error boundary (bindings/error_translation.hpp). This test fails when a binding imports
another module of those layers."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# pybind11's py::module_::import("<module>"), the only way the bindings reach a Python module.
IMPORTED = re.compile(r'import\("([\w.]+)"\)')
LAYERS_ABOVE = ("dbt", "dbt_common", "dbt_session")
ERROR_BOUNDARY = "dbt_common.exceptions"


def upward_imports(bindings: Path) -> list[str]:
    return [
        f"{path.name}: {module}"
        for path in sorted(bindings.glob("*.[ch]pp"))
        for module in IMPORTED.findall(path.read_text())
        if module.split(".")[0] in LAYERS_ABOVE and module != ERROR_BOUNDARY
    ]


def test_the_bindings_import_nothing_from_the_layers_above_but_dbts_exception_classes() -> None:
    assert upward_imports(REPO / "bindings") == []


def test_the_scan_finds_an_upward_import(tmp_path: Path) -> None:
    (tmp_path / "labels.cpp").write_text('py::module_::import("dbt_common.invocation").attr("get_invocation_id")();')
    (tmp_path / "errors.cpp").write_text('py::module_::import("dbt_common.exceptions");')
    assert upward_imports(tmp_path) == ["labels.cpp: dbt_common.invocation"]
