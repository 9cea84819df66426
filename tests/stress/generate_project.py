"""A generated dbt project for the threads stress test: `chains` independent chains of six
models each, plus one model over all chains. Each chain mixes every kind of work whose state
could leak between dbt threads if they shared one Spark session state:

  base_<i>       table                     the chain's rows
  view_<i>       view                      over base_<i>
  merged_<i>     incremental, merge        unique_key id; the run number updates every row
  overwrite_<i>  incremental,              partition_by part; each run replaces one partition.
                 insert_overwrite          dbt sets spark.sql.sources.partitionOverwriteMode to
                                           DYNAMIC before the insert and STATIC after it: another
                                           thread's STATIC would wipe the other partitions
  scratch_<i>    table                     a pre-hook creates the temp view `stress_scratch`
                                           (the same name in every chain) holding the chain's
                                           number; the model reads it back
  python_<i>     Python model              registers the temp view `stress_rows` (the same
                                           name in every chain) and selects from it
  chains_total   table                     row counts of every merged_<i>

`expected_rows` gives every table's exact content after a given run number, so a test can
check all of them after every run.
"""

from pathlib import Path

MODELS_PER_CHAIN = 6
PARTITIONS = 4


def rows_in_chain(chain: int) -> int:
    return 10 + chain


def model_files(chain: int) -> dict[str, str]:
    rows = rows_in_chain(chain)
    return {
        f"base_{chain}.sql": (
            "{{ config(materialized='table') }}\n"
            f"select id, id * {chain} as v, id % {PARTITIONS} as part from range({rows})\n"
        ),
        f"view_{chain}.sql": (
            "{{ config(materialized='view') }}\n"
            f"select id, v + 1 as v, part from {{{{ ref('base_{chain}') }}}}\n"
        ),
        f"merged_{chain}.sql": (
            "{{ config(materialized='incremental', incremental_strategy='merge', unique_key='id') }}\n"
            f"select id, v * 2 as v, part, {{{{ var('run') }}}} as run from {{{{ ref('view_{chain}') }}}}\n"
        ),
        f"overwrite_{chain}.sql": (
            "{{ config(materialized='incremental', incremental_strategy='insert_overwrite',"
            " partition_by=['part']) }}\n"
            f"select id, v, {{{{ var('run') }}}} as run, part from {{{{ ref('base_{chain}') }}}}\n"
            "{% if is_incremental() %}"
            f"where part = {{{{ var('run') }}}} % {PARTITIONS}"
            "{% endif %}\n"
        ),
        f"scratch_{chain}.sql": (
            "{{ config(materialized='table', pre_hook=\"create or replace temporary view "
            f"stress_scratch as select {chain} as marker\") }}}}\n"
            f"select marker, (select count(*) from {{{{ ref('base_{chain}') }}}}) as n from stress_scratch\n"
        ),
        f"python_{chain}.py": (
            "def model(dbt, session):\n"
            "    dbt.config(materialized='table')\n"
            f"    dbt.ref('base_{chain}').createOrReplaceTempView('stress_rows')\n"
            f"    return session.sql('select id, v + {chain * 1000} as v from stress_rows')\n"
        ),
    }


def write_project(root: Path, schema: str, chains: int) -> Path:
    models = root / "models"
    models.mkdir(parents=True, exist_ok=True)
    (root / "dbt_project.yml").write_text(
        "name: threads_stress\nversion: '1.0'\nconfig-version: 2\nprofile: threads_stress\n"
    )
    (root / "profiles.yml").write_text(
        "threads_stress:\n  target: t\n  outputs:\n    t:\n      type: databricks\n"
        f"      method: session\n      schema: {schema}\n      threads: 8\n"
    )
    for chain in range(chains):
        for name, text in model_files(chain).items():
            (models / name).write_text(text)
    union = "\nunion all\n".join(
        f"select {chain} as chain, count(*) as n from {{{{ ref('merged_{chain}') }}}}"
        for chain in range(chains)
    )
    (models / "chains_total.sql").write_text("{{ config(materialized='table') }}\n" + union + "\n")
    return root


def model_count(chains: int) -> int:
    return chains * MODELS_PER_CHAIN + 1


def last_run_of_partition(part: int, run: int) -> int:
    """The run that last wrote `part` of overwrite_<i>: run 1 creates every partition, run
    r > 1 replaces partition r % PARTITIONS."""
    return max([1] + [r for r in range(2, run + 1) if r % PARTITIONS == part])


def expected_rows(chains: int, run: int) -> dict[str, set[tuple[int, ...]]]:
    """Every table's rows (as sets of tuples, in the column order of the model) after `run`."""
    expected: dict[str, set[tuple[int, ...]]] = {}
    for chain in range(chains):
        ids = range(rows_in_chain(chain))
        expected[f"base_{chain}"] = {(i, i * chain, i % PARTITIONS) for i in ids}
        expected[f"view_{chain}"] = {(i, i * chain + 1, i % PARTITIONS) for i in ids}
        expected[f"merged_{chain}"] = {(i, (i * chain + 1) * 2, i % PARTITIONS, run) for i in ids}
        expected[f"overwrite_{chain}"] = {
            (i, i * chain, last_run_of_partition(i % PARTITIONS, run), i % PARTITIONS) for i in ids
        }
        expected[f"scratch_{chain}"] = {(chain, rows_in_chain(chain))}
        expected[f"python_{chain}"] = {(i, i * chain + chain * 1000) for i in ids}
    expected["chains_total"] = {(chain, rows_in_chain(chain)) for chain in range(chains)}
    return expected
