package io.pitlake.engines.spark;

import io.pitlake.engines.EngineLakes;
import io.pitlake.engines.LakeReadContract;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A stock local Spark session with Iceberg's Spark runtime reads pitlake's lake through {@code
 * pitlake catalog serve --clients}, configured with Iceberg's standard REST catalog properties only
 * (a reader's {@code token}).
 */
class SparkITCase extends LakeReadContract {

  EngineLakes lakes;
  SparkSession spark;

  @BeforeAll
  void startSpark() {
    lakes = EngineLakes.get();
    long t0 = System.nanoTime();
    SparkSession.Builder builder =
        SparkSession.builder()
            .master("local[2]")
            .appName("pitlake-engine-tests")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .config(
                "spark.sql.extensions",
                "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    String token = lakes.readerSecret(EngineLakes.SPARK);
    catalog(builder, "lake", lakes.fullCatalog.toString(), token);
    catalog(builder, "prefix", lakes.prefixCatalog.toString(), token);
    spark = builder.getOrCreate();
    spark.sql("SELECT COUNT(*) FROM lake.bronze.polygon_aggs").collectAsList();
    System.out.printf(
        "[bench] Spark %s session start + first Iceberg query: %.1f s%n",
        spark.version(), (System.nanoTime() - t0) / 1e9);
  }

  /** Iceberg's standard REST catalog properties, with a reader's pre-issued token. */
  private static void catalog(SparkSession.Builder builder, String name, String uri, String token) {
    String prefix = "spark.sql.catalog." + name;
    builder
        .config(prefix, "org.apache.iceberg.spark.SparkCatalog")
        .config(prefix + ".type", "rest")
        .config(prefix + ".uri", uri)
        .config(prefix + ".token", token);
  }

  @AfterAll
  void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Override
  protected void execute(String sql) {
    spark.sql(sql);
  }

  @Override
  protected long count(String sql) {
    return spark.sql(sql).first().getLong(0);
  }

  @Override
  protected long rows(String sql) {
    return spark.sql(sql).collectAsList().size();
  }

  @Override
  protected List<String> columns(String table) {
    return Arrays.asList(spark.table("lake." + table).columns());
  }

  @Override
  protected String instantLiteral(Instant instant) {
    // The session time zone is UTC, so this TIMESTAMP is the instant.
    return "TIMESTAMP '" + utc(instant) + "'";
  }

  @Override
  protected String quote(String column) {
    return "`" + column + "`";
  }

  @Override
  protected String atSnapshot(String table, long snapshotId) {
    return table + " VERSION AS OF " + snapshotId;
  }

  @Override
  protected String atTag(String table, String tag) {
    return table + " VERSION AS OF '" + tag + "'";
  }

  @Override
  protected EngineLakes lakes() {
    return lakes;
  }

  @Override
  protected String engine() {
    return "Spark " + spark.version();
  }
}
