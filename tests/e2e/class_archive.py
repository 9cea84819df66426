"""A class-data archive (HotSpot's dynamic CDS, JDK 13+) for the driver JVMs these tests start.

A created session's driver JVM loads and verifies about 20,000 classes (Spark, Delta, Hive)
on every start. Mapping them from an archive instead takes about 5 s of CPU off each start on
this machine (`dbt-session debug`: 16.9 s of CPU without, 11.9 s with, C1-only JIT in both),
and the end-to-end and fault suites start dozens of them. The archive is made once per
checkout and JVM/pyspark pair by one real build of the topology project through the binary
(`-XX:ArchiveClassesAtExit` in SPARK_SUBMIT_OPTS, so only the driver JVM writes it, at its
exit), and kept in build/test-home/jvm-classes.

Test speed only, like the C1-only JIT in conftest.short_lived_jvms: the product's JVM keeps
HotSpot's defaults. A JVM whose class path differs from the archive's (spark-class's launcher,
a Connect server, standalone workers, another venv) ignores it; its CDS messages are turned
off so that no test sees a line the product does not print."""

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Optional

ARCHIVES = Path(__file__).resolve().parents[2] / "build" / "test-home" / "jvm-classes"
# The driver JVM writes the archive (~200 MB) as it exits: about 20 s idle, more when busy.
DUMP_TIMEOUT_SECONDS = 240.0
QUIET = "-Xlog:cds=off -Xlog:cds+dynamic=off"


def java_executable() -> Optional[Path]:
    """The java the host starts Spark with: $JAVA_HOME's, else the first on PATH."""
    home = os.environ.get("JAVA_HOME")
    found = Path(home) / "bin" / "java" if home else shutil.which("java")
    return Path(found).resolve() if found and Path(found).exists() else None


def archive_key(java: Path, pyspark_jars: Path) -> str:
    """What the archive depends on: this JVM build and these Spark jars (an archive made for
    another pair would be ignored, not misused, so this only avoids a useless one)."""
    facts = [str(java), str(java.stat().st_mtime_ns), str(pyspark_jars)]
    facts += sorted(path.name for path in pyspark_jars.glob("*.jar"))
    return hashlib.sha256("\n".join(facts).encode()).hexdigest()[:16]


JvmsLeft = Callable[[Path, float], list[int]]


def archive_options(pyspark_jars: Path, make: Callable[[Path, dict[str, str]], None], jvms_left: JvmsLeft) -> str:
    """JVM options that map the archive for `pyspark_jars`, making it first if it is missing;
    "" when it cannot be used here (no java, a path with a space, the build failed) or
    $DBT_SESSION_TEST_CLASS_ARCHIVE is `off`.

    `make(storage_home, env)` runs one build of the binary with that storage home and extra
    environment; `jvms_left(storage_home, seconds)` waits up to `seconds` for that home's JVMs
    to exit and lists those still running."""
    java = java_executable()
    if os.environ.get("DBT_SESSION_TEST_CLASS_ARCHIVE") == "off" or java is None:
        return ""  # `off`: to measure what the archive saves
    if any(char.isspace() for char in str(ARCHIVES)):
        return ""  # JAVA_TOOL_OPTIONS splits its value at spaces
    ARCHIVES.mkdir(parents=True, exist_ok=True)
    archive = ARCHIVES / f"{archive_key(java, pyspark_jars)}.jsa"
    # The end-to-end and fault suites run at the same time: one makes it, the other waits.
    with open(archive.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not archive.exists():
            _make_archive(archive, make, jvms_left)
    return f"-XX:SharedArchiveFile={archive} {QUIET}" if archive.exists() else ""


def _make_archive(archive: Path, make: Callable[[Path, dict[str, str]], None], jvms_left: JvmsLeft) -> None:
    work = archive.with_suffix(".making")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    partial = work / "classes.jsa"
    started = time.monotonic()
    try:
        make(work / "home", {"SPARK_SUBMIT_OPTS": f"-XX:ArchiveClassesAtExit={partial} {QUIET}"})
        # The driver JVM writes the archive as it exits, after the run has returned.
        if jvms_left(work / "home", DUMP_TIMEOUT_SECONDS) or not partial.exists():
            raise RuntimeError("the driver JVM wrote no archive")
        partial.rename(archive)
        print(f"class-data archive {archive.name} made in {time.monotonic() - started:.0f}s", file=sys.stderr)
    except (RuntimeError, OSError, subprocess.SubprocessError) as failure:
        # Slower tests, not wrong ones: every JVM then loads its classes as a user's does.
        print(f"no class-data archive for the tests' JVMs ({failure})", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
