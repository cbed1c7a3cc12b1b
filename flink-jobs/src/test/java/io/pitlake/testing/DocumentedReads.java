package io.pitlake.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The documented reads of {@code sql/reads/} as a user runs them: the file's text with its instant
 * replaced, written here independently of the product's own substitution so tests compare against
 * the file, not against the code under test.
 */
public final class DocumentedReads {

  private static final String INSTANT = "TIMESTAMP '2024-06-20 00:00:00'";

  private DocumentedReads() {}

  /** sql/reads/bars_daily_adjusted.sql with its instant replaced by {@code t}. */
  public static String adjustedAsOf(Instant t) throws IOException {
    return asOf("/sql/reads/bars_daily_adjusted.sql", t);
  }

  /** sql/reads/trades_as_of.sql, the tape as known at {@code t}, its instant replaced. */
  public static String tradesAsOf(Instant t) throws IOException {
    return asOf("/sql/reads/trades_as_of.sql", t);
  }

  private static String asOf(String file, Instant t) throws IOException {
    String sql;
    try (InputStream in = DocumentedReads.class.getResourceAsStream(file)) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(sql.split(Pattern.quote(INSTANT), -1)).as(file).hasSize(4);
    String instant =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC).format(t);
    return sql.replace(INSTANT, "TIMESTAMP '" + instant + "'");
  }
}
