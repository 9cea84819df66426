"""Seed statements for the fuzz corpus, from the logs of real dbt-databricks runs.

dbt writes each statement it executes to logs/dbt.log as `On <node>: <sql>` up to the next log
line. This prints (or, with --out, writes one file per distinct kind of statement, named
<node>__<first keyword>.sql) the statements of the given logs, e.g. after `make demo`:

    python tests/fuzz/collect_corpus.py examples/jaffle_shop/logs/dbt.log --out /tmp/seeds

The committed corpus (tests/fuzz/corpus/<target>/) is a hand-picked few of them.
"""

import argparse
import re
import sys
from pathlib import Path

LOG_LINE = re.compile(r"^\x1b\[0m\d\d:\d\d:\d\d\.\d+ \[\w+\] \[[^\]]*\]: ")
STATEMENT = re.compile(r"On ([\w.]+): (.*)", re.S)
NOT_SQL = {"Close", "ROLLBACK", "COMMIT", "BEGIN"}


def statements(log: Path):
    current = None
    for line in log.read_text(errors="replace").splitlines(keepends=True):
        if LOG_LINE.match(line):
            if current:
                yield current
            current = None
            match = STATEMENT.match(LOG_LINE.sub("", line))
            if match and match.group(2).strip() not in NOT_SQL:
                current = [match.group(1), match.group(2)]
        elif current:
            current[1] += line
    if current:
        yield current


def kind(sql: str) -> str:
    body = re.sub(r"/\*.*?\*/|--[^\n]*", " ", sql, flags=re.S)
    words = re.findall(r"[A-Za-z_]+", body)[:3]
    return "_".join(w.lower() for w in words) or "blank"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("logs", nargs="+", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    seen = set()
    for log in args.logs:
        for node, sql in statements(log):
            name = f"{node.split('.')[-1]}__{kind(sql)}"
            if name in seen:
                continue
            seen.add(name)
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"{name}.sql").write_text(sql.strip() + "\n")
            else:
                print(f"== {name} ({len(sql)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
