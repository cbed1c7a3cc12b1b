package io.pitlake.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class AuthorizationLogFilterTest {

  @Test
  void aRequestHeaderWithACredentialIsDroppedAtEveryLevelAndOtherLinesPass() {
    String name = "org.apache.iceberg.shaded.org.apache.hc.client5.http.headers";
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    List<String> seen = new CopyOnWriteArrayList<>();
    AbstractAppender appender =
        new AbstractAppender("auth-filter-test", null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            seen.add(event.getMessage().getFormattedMessage());
          }
        };
    appender.start();
    Configurator.setLevel(name, Level.ALL);
    context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
    context.updateLoggers();
    try {
      AuthorizationLogFilter.install();
      Logger log = LoggerFactory.getLogger(name);
      log.debug("http-outgoing-0 >> Authorization: Bearer 636c91dacb7aa14b");
      log.trace("http-outgoing-0 >> \"Authorization: Basic dXNlcjpwYXNz[\\r][\\n]\"");
      log.debug("http-outgoing-0 >> {}", "authorization: bearer 636c91dacb7aa14b");
      log.debug("http-outgoing-0 >> Host: localhost:8181");
      log.info("a token endpoint answered for client {}", "reader");
    } finally {
      context.getConfiguration().getRootLogger().removeAppender(appender.getName());
      Configurator.setLevel(name, Level.WARN);
      context.updateLoggers();
    }
    assertThat(seen)
        .containsExactly(
            "http-outgoing-0 >> Host: localhost:8181",
            "a token endpoint answered for client reader");
  }
}
