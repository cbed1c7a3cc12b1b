package io.pitlake.catalog;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.filter.RegexFilter;
import org.slf4j.LoggerFactory;

/**
 * Keeps a catalog's bearer token out of every log, at every level. Iceberg's REST client (Apache
 * HttpClient 5, shaded into Iceberg) logs each request's headers at DEBUG (the loggers {@code
 * ...hc.client5.http.headers} and {@code ...wire}), the {@code Authorization} header among them:
 * someone who turned DEBUG on to troubleshoot would write the token to the log.
 *
 * <p>Installed wherever a catalog with a secret is opened (the CLI, and every operator that opens
 * the catalog on a TaskManager): a context-wide Log4j filter that drops any event whose message
 * carries an {@code Authorization} header. Context-wide, so no logger or appender configuration, a
 * user's included, lets such a line through. Under another logging backend than Log4j 2 it is not
 * installed, and says so once.
 */
final class AuthorizationLogFilter {

  /** Any message with an Authorization header and a credential after its scheme. */
  static final String PATTERN = "(?is).*authorization\\W{0,3}\\s*(bearer|basic)\\s+\\S+.*";

  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  private AuthorizationLogFilter() {}

  /** Adds the filter to the current logger context, once per JVM (class loader). */
  static void install() {
    if (INSTALLED.getAndSet(true)) {
      return;
    }
    try {
      if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
        warnNotLog4j();
        return;
      }
      context
          .getConfiguration()
          .addFilter(
              RegexFilter.createFilter(
                  PATTERN, null, false, Filter.Result.DENY, Filter.Result.NEUTRAL));
      context.updateLoggers();
    } catch (NoClassDefFoundError | IllegalAccessException noLog4jCore) {
      warnNotLog4j();
    }
  }

  private static void warnNotLog4j() {
    LoggerFactory.getLogger(AuthorizationLogFilter.class)
        .warn(
            "logging is not Log4j 2, so pitlake cannot filter request headers from it: keep the"
                + " loggers org.apache.iceberg.shaded.org.apache.hc.client5 below DEBUG");
  }
}
