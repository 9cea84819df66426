"""The images themselves, before any wheel: each has the Python, Java and libraries of the
runtime it imitates, a shared libpython only where that shape says so, and no compiler."""

from __future__ import annotations

from conftest import VENV, Image

PROBE = ("import sys, sysconfig; print(sys.version.split()[0], sys.prefix != sys.base_prefix, "
         "bool(sysconfig.get_config_var('Py_ENABLE_SHARED')))")


def test_the_runtime_python_is_a_virtualenv_over_the_shapes_interpreter(bare_image: Image) -> None:
    shape = bare_image.shape
    version, is_venv, shared = bare_image.run([f"{VENV}/bin/python", "-c", PROBE], check=True).stdout.split()
    assert version.startswith(shape.python_minor + "."), version
    assert is_venv == "True"
    interpreter = bare_image.run([f"{VENV}/bin/python", "-c", "import sys; print(sys._base_executable)"],
                                 check=True).stdout.strip()
    linked = bare_image.run(["ldd", interpreter], check=True).stdout
    if shape.python_kind == "shared":
        assert shared == "True" and "libpython3.12.so.1.0 => /opt/python3.12/lib/" in linked, linked
    else:
        assert "libpython" not in linked, linked
    if shape.python_kind == "static":
        assert shared == "False", "a static interpreter must not claim a shared libpython"


def test_the_image_has_java_and_no_compiler(bare_image: Image) -> None:
    assert bare_image.run(["java", "-version"]).returncode == 0
    found = bare_image.run(["sh", "-c", "command -v gcc cc c++ clang ld || true"], check=True).stdout
    assert found.strip() == "", f"a compiler or linker is installed: {found}"


def test_the_image_has_the_runtimes_spark_and_libraries(bare_image: Image) -> None:
    installed = bare_image.pip_freeze()
    for requirement in bare_image.shape.requirements:
        name, version = requirement.split("==")
        assert installed.get(name.lower()) == version, (requirement, installed.get(name.lower()))
