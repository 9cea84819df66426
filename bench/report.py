"""Turns bench/run.py's results.json into docs/benchmarks.png and the results table of
docs/benchmarks.md (only the region between this script's markers is rewritten: other
sections of that file belong to other benchmarks).

    .venv/bin/python bench/report.py build/bench/results.json docs
"""

import json
import sys
from pathlib import Path
from typing import Any

BEGIN = "<!-- bench/report.py: begin (generated) -->"
END = "<!-- bench/report.py: end -->"
CONTENDERS = (("session", "dbt-session"), ("spark", "dbt-spark session"), ("replay", "raw spark.sql replay"))


def per_model_ms(seconds: float, models: int) -> float:
    return seconds / models * 1000


def table(results: dict[str, Any]) -> str:
    lines = [
        "| models | pass | dbt-session s | dbt-spark s | replay s "
        "| overhead/model above replay: dbt-session ms | dbt-spark ms | ratio "
        "| sql() calls/model: dbt-session | dbt-spark | SQL executions/model: dbt-session | dbt-spark |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in results["sizes"]:
        models = size["models"]
        for name in ("create", "merge"):
            row = size[name]
            s, p, r = (row[key]["seconds"] for key in ("session", "spark", "replay"))
            ours, theirs = per_model_ms(s - r, models), per_model_ms(p - r, models)
            ratio = f"{ours / theirs:.2f}" if theirs > 0 else "n/a"
            lines.append(
                f"| {models} | {name} | {s:.1f} | {p:.1f} | {r:.1f} | {ours:.0f} | {theirs:.0f} | {ratio} | "
                f"{row['session']['sql_calls'] / models:.1f} | {row['spark']['sql_calls'] / models:.1f} | "
                f"{row['session']['sql_executions'] / models:.1f} | {row['spark']['sql_executions'] / models:.1f} |"
            )
    return "\n".join(lines)


def marginal_table(results: dict[str, Any]) -> str:
    """Wall time added per model from one project size to the next: a per-invocation cost (dbt
    parsing dbt-databricks' ~600 macros vs dbt-spark's, the adapter's imports) cancels out,
    what is left is what each additional model costs."""
    sizes = results["sizes"]
    if len(sizes) < 2:
        return ""
    lines = [
        "| from → to models | pass | dbt-session ms/model | dbt-spark ms/model | replay ms/model | ratio dbt-session / dbt-spark |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for smaller, larger in zip(sizes, sizes[1:], strict=False):
        added = larger["models"] - smaller["models"]
        for name in ("create", "merge"):
            slope = {key: (larger[name][key]["seconds"] - smaller[name][key]["seconds"]) / added * 1000
                     for key, _ in CONTENDERS}
            ratio = f"{slope['session'] / slope['spark']:.2f}" if slope["spark"] > 0 else "n/a"
            lines.append(f"| {smaller['models']} → {larger['models']} | {name} | {slope['session']:.0f} | "
                         f"{slope['spark']:.0f} | {slope['replay']:.0f} | {ratio} |")
    return "\n".join(lines)


def chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for axis, name in zip(axes, ("create", "merge"), strict=True):
        sizes = [size["models"] for size in results["sizes"]]
        for key, label in CONTENDERS:
            axis.plot(sizes, [per_model_ms(size[name][key]["seconds"], size["models"]) for size in results["sizes"]],
                      marker="o", label=label)
        axis.set_title(f"dbt run ({name} pass): wall time per model")
        axis.set_xlabel("models in the project")
        axis.set_ylabel("ms per model")
        axis.set_ylim(bottom=0)
        axis.grid(alpha=0.3)
    axes[0].legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def environment(results: dict[str, Any]) -> str:
    machine, versions = results["machine"], results["versions"]
    first_job = results.get("python_model_first_job") or {}
    lines = [
        f"Command: `{results['command']}`.",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory']} RAM, "
        f"load average {machine['load_average_at_start']} at start; Python {machine['python']}.",
        "Versions: " + ", ".join(f"{name} {value}" for name, value in versions.items()) + ".",
    ]
    if "driver_memory" in results:
        lines.append(f"Benchmark JVM: spark.driver.memory={results['driver_memory']}, shared by all contenders.")
    for which, seconds in first_job.items():  # the "first" and "second" model of the run
        lines.append(f"Trivial Python model, {which} of its run, model start to its first Spark job (s): "
                     + ", ".join(f"{value:.2f}" for value in seconds) + ".")
    return "\n".join(lines)


def write_section(markdown: Path, generated: str) -> None:
    text = markdown.read_text() if markdown.exists() else ""
    block = f"{BEGIN}\n{generated}\n{END}"
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip() + ("\n\n" if text else "") + block + "\n"
    markdown.write_text(text)


def main() -> None:
    results = json.loads(Path(sys.argv[1]).read_text())
    docs = Path(sys.argv[2])
    chart(results, docs / "benchmarks.png")
    marginal = marginal_table(results)
    write_section(docs / "benchmarks.md", environment(results) + "\n\n" + table(results)
                  + (f"\n\nCost of each additional model:\n\n{marginal}" if marginal else "")
                  + "\n\n![wall time per model](benchmarks.png)")
    print(table(results))


if __name__ == "__main__":
    main()
