// dbt-databricks names the catalog `hive_metastore`; on OSS Spark the session catalog is
// `spark_catalog`. Registered as spark.sql.catalog.hive_metastore, this catalog answers for the
// session catalog of the session that loads it, so `hive_metastore.schema.table` means
// `spark_catalog.schema.table`. It is what a Spark Connect server needs: there dbt-session
// cannot reach the JVM to link the alias itself (bindings/catalog_alias.hpp does that for
// classic sessions through py4j).
//
// Facts relied on (Spark 3.5 and 4.0, Delta 3.2 and 4.0): Spark loads a catalog plugin lazily
// with the thread's active session set (CatalogManager.catalog -> Catalogs.load, which calls
// the no-argument constructor, then initialize); Delta's DeltaCatalog extends
// DelegatingCatalogExtension, whose setDelegateCatalog is public and whose name() answers the
// delegate's name; CatalogManager.v2SessionCatalog is the (Delta-wrapped) spark_catalog of that
// session. The delegate is set in the constructor because Spark 3.5's
// DelegatingCatalogExtension.initialize is final (4.0's is not). The source is the same for both
// lines; packaging/build_catalog_alias.sh compiles it against each line's jars.
package dbt_session;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.catalog.DeltaCatalog;
import org.apache.spark.sql.internal.SessionState;

public final class SessionCatalogAlias extends DeltaCatalog {
  public SessionCatalogAlias() {
    setDelegateCatalog(sessionState(SparkSession.active()).catalogManager().v2SessionCatalog());
  }

  // Spark 3.5's SparkSession declares sessionState(); Spark 4.0 moved it to the subclass
  // org.apache.spark.sql.classic.SparkSession (the API class became abstract). Looked up on the
  // session's own class, the one call works on both.
  private static SessionState sessionState(SparkSession session) {
    try {
      return (SessionState) session.getClass().getMethod("sessionState").invoke(session);
    } catch (ReflectiveOperationException error) {
      throw new IllegalStateException("dbt-session's hive_metastore alias cannot read the session state", error);
    }
  }
}
