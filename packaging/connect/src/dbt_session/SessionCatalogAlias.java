// dbt-databricks names the catalog `hive_metastore`; on OSS Spark the session catalog is
// `spark_catalog`. Registered as spark.sql.catalog.hive_metastore, this catalog answers for the
// session catalog of the session that loads it, so `hive_metastore.schema.table` means
// `spark_catalog.schema.table`. It is what a Spark Connect server needs: there dbt-session
// cannot reach the JVM to link the alias itself (bindings/catalog_alias.hpp does that for
// classic sessions through py4j).
//
// Facts relied on (Spark 4.0, Delta 4.0): Spark loads a catalog plugin lazily with the
// thread's active session set (CatalogManager.catalog -> Catalogs.load -> initialize);
// Delta's DeltaCatalog extends DelegatingCatalogExtension, whose setDelegateCatalog is public
// and whose name() answers the delegate's name; CatalogManager.v2SessionCatalog is the
// (Delta-wrapped) spark_catalog of that session.
package dbt_session;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.catalog.DeltaCatalog;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

public final class SessionCatalogAlias extends DeltaCatalog {
  @Override
  public void initialize(String name, CaseInsensitiveStringMap options) {
    super.initialize(name, options);
    org.apache.spark.sql.classic.SparkSession session =
        (org.apache.spark.sql.classic.SparkSession) SparkSession.active();
    setDelegateCatalog(session.sessionState().catalogManager().v2SessionCatalog());
  }
}
