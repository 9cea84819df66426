// bindings/catalog_alias.hpp with_catalog_as_written: Spark's messages name `hive_metastore`,
// the catalog the SQL names, not the session catalog the alias answers for.
#include <doctest/doctest.h>

#include <string>

#include "bindings/catalog_alias.hpp"

namespace {

using dbt_session::bindings::with_catalog_as_written;

// Messages from pyspark 4.0.1 with Delta 4.0 for statements that name `hive_metastore`.
TEST_CASE("the session catalog's name becomes the catalog the SQL names") {
  CHECK(with_catalog_as_written(
            "[REQUIRES_SINGLE_PART_NAMESPACE] spark_catalog requires a single-part namespace, "
            "but got `hive_metastore`.`s`. SQLSTATE: 42K05") ==
        "[REQUIRES_SINGLE_PART_NAMESPACE] hive_metastore requires a single-part namespace, "
        "but got `hive_metastore`.`s`. SQLSTATE: 42K05");
  CHECK(with_catalog_as_written(
            "[TABLE_OR_VIEW_NOT_FOUND] The table or view `spark_catalog`.`s`.`nope` cannot be "
            "found.") ==
        "[TABLE_OR_VIEW_NOT_FOUND] The table or view `hive_metastore`.`s`.`nope` cannot be "
        "found.");
  CHECK(with_catalog_as_written("The operation DROP VIEW requires a VIEW. But spark_catalog.s.t "
                                "is a MANAGED. Use DROP TABLE instead.") ==
        "The operation DROP VIEW requires a VIEW. But hive_metastore.s.t is a MANAGED. Use DROP "
        "TABLE instead.");
}

TEST_CASE("a conf key and longer names that contain spark_catalog are left alone") {
  const std::string conf =
      "Set spark.sql.catalog.spark_catalog to DeltaCatalog; my_spark_catalog and "
      "spark_catalog_x stay.";
  CHECK(with_catalog_as_written(conf) == conf);
}

TEST_CASE("an unresolved column is suggested without the catalog, with the reason") {
  const std::string written = with_catalog_as_written(
      "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name "
      "`hive_metastore`.`s`.`t`.`id` cannot be resolved. Did you mean one of the following? "
      "[`spark_catalog`.`s`.`t`.`id`]. SQLSTATE: 42703; line 1 pos 7");
  CHECK(written ==
        "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name "
        "`hive_metastore`.`s`.`t`.`id` cannot be resolved. Did you mean one of the following? "
        "[`s`.`t`.`id`]. SQLSTATE: 42703; line 1 pos 7\nOn OSS Spark a column reference cannot "
        "name the catalog: qualify the column with the schema and table "
        "(`schema`.`table`.`column`) or the table alone.");
  // A column the SQL did not qualify with the catalog gets no such advice.
  const std::string plain =
      "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name "
      "`nope` cannot be resolved. Did you mean one of the following? [`id`]. SQLSTATE: 42703";
  CHECK(with_catalog_as_written(plain) == plain);
}

TEST_CASE("a three-part name whose catalog is not registered is named as a Unity Catalog name") {
  // select * from main.raw.t, as a source with database: main renders it.
  CHECK(with_catalog_as_written(
            "[REQUIRES_SINGLE_PART_NAMESPACE] spark_catalog requires a single-part namespace, "
            "but got `main`.`raw`. SQLSTATE: 42K05") ==
        "[REQUIRES_SINGLE_PART_NAMESPACE] hive_metastore requires a single-part namespace, "
        "but got `main`.`raw`. SQLSTATE: 42K05\nOn OSS Spark the only catalog is hive_metastore, "
        "so `main` in a three-part name is read as a schema of it. If `main` is a Unity Catalog "
        "catalog (a source's or a model's database), use the database hive_metastore for local "
        "runs, or run on Databricks.");
  // The session catalog's own names are no Unity Catalog names.
  const std::string own =
      "[REQUIRES_SINGLE_PART_NAMESPACE] hive_metastore requires a single-part namespace, but "
      "got `Hive_Metastore`.`s`. SQLSTATE: 42K05";
  CHECK(with_catalog_as_written(own) == own);
}

}  // namespace
