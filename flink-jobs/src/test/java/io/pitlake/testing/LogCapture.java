package io.pitlake.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * What this JVM logs (the embedded Flink cluster's tasks included) from {@link #start} until {@link
 * #close}: one test's own capture, so a line another test or an earlier run wrote to the shared log
 * file cannot satisfy its assertions. While it runs, every logger logs at every level, so a secret
 * leaked at TRACE by any library is caught too; only lines at INFO or above, and every line that
 * holds one of the watched strings, are kept.
 */
public final class LogCapture implements AutoCloseable {

  private static final String NETWORK_ACTIONS =
      "org.apache.flink.runtime.io.network.logger.NetworkActionsLogger";

  private final Set<String> watched;
  private final ConcurrentLinkedQueue<String> kept = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> hits = new ConcurrentLinkedQueue<>();
  private final Map<LoggerConfig, Level> levels = new HashMap<>();
  private final Map<String, Appender> rootAppenders = new HashMap<>();
  private final AbstractAppender appender;
  private final LoggerContext context;
  private long events;

  private LogCapture(Set<String> watched) {
    this.watched = Set.copyOf(watched);
    this.context = (LoggerContext) LogManager.getContext(false);
    this.appender =
        new AbstractAppender(
            "capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            record(event);
          }
        };
  }

  /**
   * Starts capturing, every logger at every level.
   *
   * @param watched strings (secrets) whose every occurrence, at any level, {@link #hits} reports
   */
  public static LogCapture start(String... watched) {
    LogCapture capture = new LogCapture(Set.of(watched));
    capture.attach();
    return capture;
  }

  /**
   * Every logger at level ALL; the root logger's appenders (the tests' log file) swapped for this
   * capture, so the file does not fill with TRACE lines, and restored by {@link #close}. Child
   * loggers are additive, so the root's appender sees every event.
   */
  private void attach() {
    appender.start();
    Configuration config = context.getConfiguration();
    List<LoggerConfig> loggers = new ArrayList<>(config.getLoggers().values());
    loggers.add(config.getRootLogger());
    for (LoggerConfig logger : loggers) {
      levels.putIfAbsent(logger, logger.getLevel());
      logger.setLevel(Level.ALL);
    }
    // Flink's network action logger at TRACE prints every buffer, and that fails on a compressed
    // one ("Unable to partially slice a compressed buffer", Buffer.toDebugString): it stays at
    // DEBUG. It logs shuffled records, never a request or a credential.
    config.addLogger(NETWORK_ACTIONS, new LoggerConfig(NETWORK_ACTIONS, Level.DEBUG, true));
    LoggerConfig root = config.getRootLogger();
    rootAppenders.putAll(root.getAppenders());
    rootAppenders.keySet().forEach(root::removeAppender);
    root.addAppender(appender, Level.ALL, null);
    context.updateLoggers();
  }

  private synchronized void record(LogEvent event) {
    events++;
    StringBuilder text = new StringBuilder(event.getMessage().getFormattedMessage());
    if (event.getThrown() != null) {
      StringWriter trace = new StringWriter();
      event.getThrown().printStackTrace(new PrintWriter(trace));
      text.append('\n').append(trace);
    }
    String line = event.getLevel() + " " + event.getLoggerName() + " - " + text;
    if (watched.stream().anyMatch(line::contains)) {
      hits.add(line);
    }
    if (event.getLevel().isMoreSpecificThan(Level.INFO)) {
      kept.add(line);
    }
  }

  /** The lines at INFO or above logged so far, in order. */
  public String text() {
    return String.join("\n", kept);
  }

  /** Every line, at any level, that holds a watched string. */
  public List<String> hits() {
    return List.copyOf(hits);
  }

  /** How many events were logged, at every level: proof that the capture saw the run. */
  public synchronized long events() {
    return events;
  }

  @Override
  public void close() {
    context.getConfiguration().removeLogger(NETWORK_ACTIONS);
    LoggerConfig root = context.getConfiguration().getRootLogger();
    root.removeAppender(appender.getName());
    rootAppenders.values().forEach(a -> root.addAppender(a, null, null));
    levels.forEach(LoggerConfig::setLevel);
    context.updateLoggers();
    appender.stop();
  }
}
