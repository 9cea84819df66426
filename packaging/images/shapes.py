"""Three Databricks-runtime-shaped root filesystems: the Python, Spark and Python libraries of
a Databricks LTS runtime, on Debian 12 (minbase) with a headless JRE and no compiler.

Versions of the runtime libraries are those a capture of each runtime's pip constraints
lists (pietern/databricks-environments, dbr/<runtime>/constraints.txt; notes in the lead's
runtime facts). Where PyPI has no wheel for the runtime's version on that Python, the nearest
version with one is used, and `deviations` says so: an image never builds anything from C.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# What every shape has: Java for Spark, CA certificates for pip, and the shared libraries
# CPython's optional extension modules (ctypes, sqlite3, readline, ...) load. No -dev package.
BASE_PACKAGES = ("ca-certificates", "openjdk-17-jre-headless", "libffi8", "libsqlite3-0", "libreadline8",
                 "libncursesw6", "libgdbm6", "libuuid1", "liblzma5", "libbz2-1.0", "zlib1g", "libexpat1")

PythonKind = Literal["debian", "shared", "static"]


@dataclass(frozen=True)
class Shape:
    name: str                   # the runtime it imitates, e.g. "15.4"
    python_kind: PythonKind     # debian: /usr/bin/python3.11 without libpython3.11.so;
                                # shared: a copied --enable-shared 3.12; static: relinked 3.12
    python_minor: str           # "3.11"
    spark: str                  # pyspark version (the runtime's Spark)
    delta: str                  # delta-spark version of that Spark line
    libraries: tuple[str, ...]  # the runtime's own pandas, pyarrow, numpy, grpcio & co.
    deviations: str = ""

    @property
    def requirements(self) -> tuple[str, ...]:
        return (*self.libraries, f"pyspark=={self.spark}", f"delta-spark=={self.delta}")

    @property
    def tag(self) -> str:
        """The wheel tag of its Python, e.g. cp311."""
        return "cp" + self.python_minor.replace(".", "")


# setuptools is in the 3.12 runtimes' list too, and needed: it provides `distutils`, which
# Python 3.12 dropped and pyspark 3.5's pandas conversion still imports.

# The packages whose versions installing dbt-session must never change on a runtime.
RUNTIME_OWNED = ("pyspark", "delta-spark", "pandas", "pyarrow", "numpy", "grpcio")

SHAPES = {
    shape.name: shape
    for shape in (
        Shape("15.4", "debian", "3.11", spark="3.5.0", delta="3.2.0",
              libraries=("pandas==1.5.3", "pyarrow==14.0.1", "numpy==1.23.5", "grpcio==1.60.0",
                         "grpcio-status==1.60.0", "protobuf==4.24.1")),
        Shape("16.4", "shared", "3.12", spark="3.5.2", delta="3.2.0",
              libraries=("pandas==2.1.4", "pyarrow==15.0.2", "numpy==1.26.4", "grpcio==1.60.0",
                         "grpcio-status==1.60.0", "protobuf==4.24.1", "setuptools==74.0.0"),
              deviations="pandas 2.1.4 instead of the runtime's 1.5.3, which has no cp312 wheel; "
                         "delta-spark 3.2.0: 3.2.1 and 3.3.x require pyspark>=3.5.3"),
        Shape("17.3", "static", "3.12", spark="4.0.0", delta="4.0.0",
              libraries=("pandas==2.2.3", "pyarrow==19.0.1", "numpy==2.1.3", "grpcio==1.67.0",
                         "grpcio-status==1.67.0", "protobuf==5.29.4", "setuptools==74.0.0")),
    )
}
