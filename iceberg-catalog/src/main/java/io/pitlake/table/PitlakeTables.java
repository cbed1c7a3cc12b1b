package io.pitlake.table;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;
import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.types.Types;

/**
 * pitlake's tables, each declared once: bronze keeps what vendors said, silver what pitlake
 * accepts, gold what a strategy reads. TABLES.md documents each table's columns ({@code
 * TablesDocumentationTest} holds the two in step).
 *
 * <p>A declaration ({@link TableDeclaration}) is everything about its table: columns, the three
 * time columns every row carries ({@link PitColumns}), partitioning, sort order, layout, and the
 * layer whose SQL builds it. {@link #all} and each {@link Layer}'s files are read from the
 * declarations in the order they stand here, so adding a table is one declaration, placed after the
 * tables its SQL reads. Field ids are fixed so schema evolution stays explicit.
 */
public final class PitlakeTables {

  public static final String BRONZE = "bronze";
  public static final String SILVER = "silver";
  public static final String GOLD = "gold";
  public static final List<String> NAMESPACES = List.of(BRONZE, SILVER, GOLD);

  /**
   * Every table declared below, in the order declared: the order a layer's tables are built in
   * ({@link Layer#files}), so a table is declared after the tables its SQL reads.
   */
  private static final List<TableSpec> DECLARED = new ArrayList<>();

  /**
   * Parquet's own switch for dictionary encoding, which Iceberg 1.11's writer reads from the
   * table's properties: for every column of the table at once (Iceberg has no per-column setting;
   * its {@code write.parquet.dict-size-bytes} only caps a dictionary's size).
   */
  static final String PARQUET_DICTIONARY = "parquet.enable.dictionary";

  private PitlakeTables() {}

  /**
   * Raw Polygon aggregate results, one row per distinct observation (ticker, bar start, payload).
   * The vendor fields are copied as delivered (nullable, unvalidated) so silver need not parse
   * JSON.
   */
  public static final TableSpec BRONZE_POLYGON_AGGS =
      table(BRONZE, "polygon_aggs")
          .columns(
              required(1, "vendor", Types.StringType.get(), "vendor id, 'polygon'"),
              required(2, "dataset", Types.StringType.get(), "vendor dataset, 'aggs_day'"),
              required(3, "symbol", Types.StringType.get(), "ticker as requested"),
              optional(4, "session_date", Types.DateType.get(), "America/New_York date of t"),
              required(8, "version", Types.IntegerType.get(), "nth distinct payload of the bar"),
              required(9, "payload_hash", Types.StringType.get(), "SHA-256 of canonical payload"),
              required(10, "payload", Types.StringType.get(), "result JSON as delivered"),
              required(11, "request_url", Types.StringType.get(), "request URL, keys redacted"),
              required(12, "split_id", Types.StringType.get(), "source split"),
              optional(13, "o", Types.DoubleType.get()),
              optional(14, "h", Types.DoubleType.get()),
              optional(15, "l", Types.DoubleType.get()),
              optional(16, "c", Types.DoubleType.get()),
              optional(17, "v", Types.DoubleType.get()),
              optional(18, "vw", Types.DoubleType.get()),
              optional(19, "n", Types.LongType.get()),
              optional(20, "otc", Types.BooleanType.get()))
          .pit(
              PitColumns.ids(5, 6, 7)
                  .optionalEventTime("bar start (t)")
                  .optionalAvailableAt("first knowable")
                  .ingestedAt("first fetched"))
          .partitionedBy(spec -> spec.year("session_date"))
          .sortedBy("symbol", "event_time")
          .layout(Layout.CLUSTERED)
          .liveCommits()
          .withoutDictionaries()
          .declare();

  /**
   * Typed, validated daily bars: one row per symbol × session × version. Insert-only: a version
   * never learns here that it was superseded; as of T the newest is the highest version with {@code
   * available_at <= T}. Symbol, {@code event_time} and version name the bronze row, which keeps the
   * payload hash.
   */
  public static final TableSpec SILVER_BARS_DAILY =
      table(SILVER, "bars_daily")
          .columns(
              required(1, "symbol", Types.StringType.get()),
              required(2, "session_date", Types.DateType.get()),
              required(3, "version", Types.IntegerType.get()),
              required(4, "session_index", Types.IntegerType.get(), "NYSE session ordinal"),
              required(5, "open", Types.DoubleType.get()),
              required(6, "high", Types.DoubleType.get()),
              required(7, "low", Types.DoubleType.get()),
              required(8, "close", Types.DoubleType.get()),
              required(9, "volume", Types.DoubleType.get()),
              optional(10, "vwap", Types.DoubleType.get()),
              optional(11, "trades", Types.LongType.get()),
              required(15, "vendor", Types.StringType.get()))
          .pit(12, 13, 14)
          .partitionedBy(spec -> spec.year("session_date"))
          .sortedBy("symbol", "session_date", "version")
          .layout(Layout.CLUSTERED)
          .liveCommits()
          .withoutDictionaries()
          .builtBy(Layer.SILVER)
          .declare();

  /**
   * Everything pitlake refused, with the reason and the raw payload. Nothing is dropped. An
   * append-only log of distinct rejects: writers skip a reject whose {@code quarantine_id} (a hash
   * of the refusal and its payload) is already committed, so re-runs add nothing.
   */
  public static final TableSpec SILVER_QUARANTINE =
      table(SILVER, "quarantine")
          .columns(
              required(1, "quarantine_id", Types.StringType.get(), "SHA-256 of the reject"),
              required(2, "source", Types.StringType.get(), "e.g. polygon.aggs_day"),
              required(
                  3, "stage", Types.StringType.get(), "ingest, silver, gold, dq or dq-release"),
              required(4, "reason", Types.StringType.get()),
              optional(5, "symbol", Types.StringType.get()),
              optional(6, "session_date", Types.DateType.get()),
              optional(10, "request_url", Types.StringType.get(), "keys redacted"),
              required(11, "payload", Types.StringType.get()))
          .pit(PitColumns.ids(7, 8, 9).optionalEventTime(null))
          .sortedBy("source", "ingested_at")
          .liveCommits()
          .declare();

  /**
   * News from every vendor in one shape: one row per vendor × article × version, with pitlake's
   * symbols next to the vendor's, so a strategy reads what was published about a symbol by T.
   */
  public static final TableSpec SILVER_NEWS =
      table(SILVER, "news")
          .columns(
              required(1, "vendor", Types.StringType.get()),
              required(2, "article_id", Types.StringType.get(), "the vendor's article id"),
              required(3, "version", Types.IntegerType.get(), "bronze's version"),
              optional(4, "headline", Types.StringType.get()),
              optional(5, "summary", Types.StringType.get()),
              optional(6, "author", Types.StringType.get()),
              optional(7, "publisher", Types.StringType.get()),
              optional(8, "url", Types.StringType.get()),
              optional(
                  9,
                  "symbols",
                  Types.ListType.ofOptional(15, Types.StringType.get()),
                  "pitlake's spelling"),
              optional(
                  10,
                  "vendor_symbols",
                  Types.ListType.ofOptional(16, Types.StringType.get()),
                  "as the vendor wrote them"),
              required(14, "payload_hash", Types.StringType.get()))
          .pit(PitColumns.ids(11, 12, 13).eventTime("published"))
          .sortedBy("event_time", "vendor", "article_id")
          .builtBy(Layer.REFERENCE)
          .declare();

  /**
   * Every ticker a security traded under, keyed by pitlake's stable security id, so a query by an
   * old ticker finds the renamed company's whole history.
   */
  public static final TableSpec SILVER_TICKER_HISTORY =
      table(SILVER, "ticker_history")
          .columns(
              required(1, "vendor", Types.StringType.get()),
              required(2, "security_id", Types.StringType.get(), "figi:…, else cik:…, else name:…"),
              required(3, "valid_from", Types.DateType.get(), "first day under this ticker"),
              required(4, "version", Types.IntegerType.get(), "bronze's version"),
              required(5, "ticker", Types.StringType.get(), "pitlake's spelling"),
              required(6, "vendor_ticker", Types.StringType.get()),
              optional(7, "composite_figi", Types.StringType.get()),
              optional(8, "cik", Types.StringType.get()),
              optional(9, "name", Types.StringType.get()),
              required(13, "payload_hash", Types.StringType.get()))
          .pit(10, 11, 12)
          .sortedBy("security_id", "valid_from", "version")
          .builtBy(Layer.REFERENCE)
          .declare();

  /**
   * Each security's attributes as a slowly-changing dimension on availability time: one row per
   * vendor × security × attribute state, so a backtest at T sees the ticker, name, exchange and
   * listing status the lake knew at T, and a query by an old ticker finds the whole company.
   * Insert-only: a state's end is the next state's {@code valid_from}, derived at read among the
   * states known at T, since a row learns of its end only when the next state arrives.
   */
  public static final TableSpec SILVER_SECURITY_MASTER =
      table(SILVER, "security_master")
          .columns(
              required(1, "vendor", Types.StringType.get()),
              required(2, "security_id", Types.StringType.get(), "figi:…, else cik:…, else name:…"),
              required(3, "valid_from", Types.DateType.get(), "first day of this state"),
              required(4, "ticker", Types.StringType.get(), "pitlake's spelling"),
              required(5, "vendor_ticker", Types.StringType.get()),
              optional(6, "name", Types.StringType.get()),
              optional(7, "primary_exchange", Types.StringType.get(), "MIC, e.g. XNYS"),
              optional(8, "security_type", Types.StringType.get(), "Polygon's type, e.g. CS"),
              optional(9, "cik", Types.StringType.get()),
              optional(10, "composite_figi", Types.StringType.get()),
              optional(11, "share_class_figi", Types.StringType.get()),
              optional(12, "list_date", Types.DateType.get()),
              required(13, "active", Types.BooleanType.get(), "false once delisted"),
              optional(14, "delisted_at", Types.TimestampType.withZone(), "Polygon's delisted_utc"),
              optional(15, "delist_date", Types.DateType.get(), "New York date of delisted_at"),
              required(
                  16,
                  "observed_from",
                  Types.DateType.get(),
                  "as-of date of the first snapshot showing this state"),
              required(20, "payload_hash", Types.StringType.get(), "first snapshot's"))
          .pit(17, 18, 19)
          .sortedBy("security_id", "valid_from")
          .builtBy(Layer.REFERENCE)
          .declare();

  /**
   * Each index's members per NYSE session, as known at the session's decision instant (the
   * panel's), delisted members kept in the sessions they were members, each resolved to its {@code
   * security_id} through the security master as known then (TABLES.md, "gold.universe_daily").
   * Insert-only, one row per index × session × member.
   */
  public static final TableSpec GOLD_UNIVERSE_DAILY =
      table(GOLD, "universe_daily")
          .columns(
              required(1, "index_id", Types.StringType.get()),
              required(2, "session_date", Types.DateType.get()),
              required(3, "constituent", Types.StringType.get(), "silver.index_membership's"),
              required(
                  5,
                  "decision_at",
                  Types.TimestampType.withZone(),
                  "the instant membership and security master are as of"),
              optional(
                  6, "security_id", Types.StringType.get(), "silver.security_master's, if known"),
              optional(
                  7,
                  "ticker",
                  Types.StringType.get(),
                  "the security's ticker that session as known then, else the file's"),
              optional(8, "cik", Types.LongType.get(), "the file's, else the master's"),
              required(9, "effective_from", Types.DateType.get()),
              required(10, "membership_version", Types.IntegerType.get()))
          .pit(
              PitColumns.ids(11, 4, 12)
                  .eventTime("00:00 New York of session")
                  .availableAt("the later of decision_at and the session's first bar known")
                  .ingestedAt("newest ingested_at among the inputs used"))
          .partitionedBy(spec -> spec.year("session_date"))
          .sortedBy("index_id", "session_date", "constituent")
          .builtBy(Layer.REFERENCE)
          .declare();

  /**
   * Every vendor's daily bars besides the spine's aggregates in one shape: Polygon grouped daily
   * and Alpaca daily bars. One row per vendor × dataset × vendor symbol × bar start × version, so
   * two vendors' views of one session sit side by side and a researcher can compare them. Minute
   * bars are {@link #SILVER_MINUTE_BARS}', whichever path brought them.
   */
  public static final TableSpec SILVER_VENDOR_BARS =
      table(SILVER, "vendor_bars")
          .columns(
              required(1, "vendor", Types.StringType.get()),
              required(2, "dataset", Types.StringType.get(), "grouped_daily or bars_day"),
              required(3, "vendor_symbol", Types.StringType.get(), "as the vendor wrote it"),
              required(5, "version", Types.IntegerType.get(), "bronze's version"),
              required(6, "symbol", Types.StringType.get(), "pitlake's spelling"),
              required(7, "session_date", Types.DateType.get(), "New York date of the bar"),
              required(8, "open", Types.DoubleType.get()),
              required(9, "high", Types.DoubleType.get()),
              required(10, "low", Types.DoubleType.get()),
              required(11, "close", Types.DoubleType.get()),
              required(12, "volume", Types.DoubleType.get()),
              optional(13, "vwap", Types.DoubleType.get()),
              optional(14, "trades", Types.LongType.get()),
              required(17, "payload_hash", Types.StringType.get()))
          .pit(PitColumns.ids(4, 15, 16).eventTime("bar window start"))
          .partitionedBy(spec -> spec.identity("dataset").month("event_time"))
          .sortedBy("symbol", "event_time", "vendor", "dataset", "version")
          .builtBy(Layer.VENDOR_BARS)
          .declare();

  /**
   * Raw elements of Polygon's websocket, one row per distinct observation (channel, ticker, event
   * instant, content): the element JSON as received and the three times, {@code available_at} being
   * the instant its frame arrived. A re-send with different values is a new version with its own
   * {@code available_at}; an identical re-send adds nothing.
   */
  public static final TableSpec BRONZE_POLYGON_WS =
      table(BRONZE, "polygon_ws")
          .columns(
              required(1, "vendor", Types.StringType.get(), "vendor id, 'polygon'"),
              required(2, "channel", Types.StringType.get(), "ev: AM, A, T, Q, ..."),
              required(3, "symbol", Types.StringType.get(), "sym as Polygon spells it"),
              required(4, "session_date", Types.DateType.get(), "New York date of event_time"),
              optional(6, "window_end", Types.TimestampType.withZone(), "window end e"),
              required(9, "version", Types.IntegerType.get(), "nth distinct content"),
              required(10, "payload_hash", Types.StringType.get(), "SHA-256, av/a left out"),
              required(11, "payload", Types.StringType.get(), "element JSON as received"),
              required(12, "endpoint", Types.StringType.get(), "websocket URL, no key"),
              required(13, "split_id", Types.StringType.get(), "source split"))
          .pit(
              PitColumns.ids(5, 7, 8)
                  .eventTime("window start s")
                  .availableAt("frame received")
                  .ingestedAt("row written"))
          .partitionedBy(spec -> spec.month("event_time"))
          .sortedBy("symbol", "event_time", "channel", "version")
          .liveCommits()
          .withoutDictionaries()
          .declare();

  /**
   * Raw elements of Alpaca's websocket, one row per distinct observation (channel, symbol, event
   * instant, content): the element JSON as received and the three times, {@code available_at} being
   * the instant its frame arrived. A minute bar ({@code T = b}) and its {@code updatedBars} re-send
   * ({@code T = u}, the same {@code t}) share the channel {@code bars}: an update with other values
   * is the bar's next version, an identical one adds nothing. The payload keeps {@code T}.
   */
  public static final TableSpec BRONZE_ALPACA_WS =
      table(BRONZE, "alpaca_ws")
          .columns(
              required(1, "vendor", Types.StringType.get(), "vendor id, 'alpaca'"),
              required(2, "channel", Types.StringType.get(), "bars (b and u), t, c, x, ..."),
              required(3, "symbol", Types.StringType.get(), "S as Alpaca spells it"),
              required(4, "session_date", Types.DateType.get(), "New York date of event_time"),
              optional(6, "window_end", Types.TimestampType.withZone(), "a bar's t + 1 min"),
              required(9, "version", Types.IntegerType.get(), "nth distinct content"),
              required(10, "payload_hash", Types.StringType.get(), "SHA-256, T left out"),
              required(11, "payload", Types.StringType.get(), "element JSON as received"),
              required(12, "endpoint", Types.StringType.get(), "websocket URL, no key"),
              required(13, "split_id", Types.StringType.get(), "source split"))
          .pit(
              PitColumns.ids(5, 7, 8)
                  .eventTime("t: bar start")
                  .availableAt("frame received")
                  .ingestedAt("row written"))
          .partitionedBy(spec -> spec.month("event_time"))
          .sortedBy("symbol", "event_time", "channel", "version")
          .liveCommits()
          .withoutDictionaries()
          .declare();

  /**
   * Every time a live websocket feed was blind, one row: from when its connection was lost (or,
   * after a restore from a checkpoint, its newest bar) to when it was subscribed again, why, and
   * what the REST gap fill fetched for it. A backtest knows from it when the live system could not
   * see the market. {@code event_time} is the outage's start; {@code available_at} the instant the
   * gap fill ended, when the row was known whole.
   */
  public static final TableSpec BRONZE_FEED_OUTAGES =
      table(BRONZE, "feed_outages")
          .columns(
              required(1, "vendor", Types.StringType.get(), "vendor id, e.g. 'polygon'"),
              required(2, "split_id", Types.StringType.get(), "the blind connection"),
              required(3, "cause", Types.StringType.get(), "disconnect, queue_overflow, ..."),
              required(4, "detail", Types.StringType.get(), "the first reason in words"),
              required(6, "end_time", Types.TimestampType.withZone(), "subscribed again"),
              required(7, "symbols", Types.StringType.get(), "comma list, vendor spelling"),
              optional(8, "filled_from", Types.TimestampType.withZone(), "first bar start"),
              optional(9, "filled_until", Types.TimestampType.withZone(), "last bar end"),
              required(10, "filled_bars", Types.IntegerType.get(), "REST bars fetched"),
              required(11, "fill_requests", Types.IntegerType.get(), "REST splits read"),
              optional(12, "fill_error", Types.StringType.get(), "why the fill fell short"),
              optional(15, "filled_trades", Types.IntegerType.get(), "REST trades fetched"))
          .pit(
              PitColumns.ids(5, 13, 14)
                  .eventTime("blind from")
                  .availableAt("fill ended")
                  .ingestedAt("row written"))
          .partitionedBy(spec -> spec.month("event_time"))
          .sortedBy("vendor", "event_time")
          .declare();

  /**
   * Typed, validated one-minute bars, one row per symbol × bar start × path × vendor × version.
   * {@code path} says what brought the row: {@code websocket} (available when its frame arrived) or
   * {@code rest} (a minute backfill, available at the window's end plus the vendor's delay), so a
   * backtest and a live job read minutes from one table. Insert-only: the bar as known at T is its
   * row with the newest {@code available_at <= T} within a path.
   */
  public static final TableSpec SILVER_MINUTE_BARS =
      table(SILVER, "minute_bars")
          .columns(
              required(1, "symbol", Types.StringType.get(), "pitlake's spelling"),
              required(3, "version", Types.IntegerType.get(), "bronze's version"),
              required(4, "path", Types.StringType.get(), "websocket or rest"),
              required(5, "vendor", Types.StringType.get()),
              required(6, "vendor_symbol", Types.StringType.get(), "as the vendor wrote it"),
              required(7, "session_date", Types.DateType.get(), "New York date of the bar"),
              required(8, "open", Types.DoubleType.get()),
              required(9, "high", Types.DoubleType.get()),
              required(10, "low", Types.DoubleType.get()),
              required(11, "close", Types.DoubleType.get()),
              required(12, "volume", Types.DoubleType.get()),
              optional(13, "vwap", Types.DoubleType.get()),
              optional(14, "trades", Types.LongType.get(), "null from Polygon's AM"),
              required(17, "payload_hash", Types.StringType.get()))
          .pit(PitColumns.ids(2, 15, 16).eventTime("bar window start"))
          .partitionedBy(spec -> spec.month("event_time"))
          .sortedBy("symbol", "event_time", "path", "version")
          .liveCommits()
          .builtBy(Layer.INTRADAY)
          .declare();

  /**
   * Typed trades of the live websocket feeds, one row per event: a trade, a correction (the
   * corrected trade under its new id, with the id it corrects in {@code refers_to}) or a cancel (of
   * {@code refers_to}). Trades are immutable events with ids, deduplicated by (vendor, symbol, day,
   * exchange, id, cancel or not) before bronze, whichever {@code path} brought them first, and
   * never versioned. {@code event_time} is the SIP time; {@code available_at} the frame's receipt
   * (a gap fill's: its fetch). The tape as known at T applies the corrections and cancels known at
   * T (TABLES.md has the query).
   */
  public static final TableSpec SILVER_TRADES =
      table(SILVER, "trades")
          .columns(
              required(1, "symbol", Types.StringType.get(), "pitlake's spelling"),
              required(3, "event_kind", Types.StringType.get(), "trade, correction or cancel"),
              required(4, "trade_id", Types.StringType.get(), "a correction's: the new id"),
              optional(5, "refers_to", Types.StringType.get(), "id corrected or cancelled"),
              required(6, "path", Types.StringType.get(), "websocket or rest"),
              required(7, "vendor", Types.StringType.get()),
              required(8, "vendor_symbol", Types.StringType.get(), "as the vendor wrote it"),
              required(9, "session_date", Types.DateType.get(), "New York date"),
              required(10, "exchange", Types.StringType.get(), "vendor's id or letter"),
              optional(11, "price", Types.DoubleType.get(), "a correction's: corrected"),
              optional(12, "size", Types.DoubleType.get(), "a correction's: corrected"),
              optional(13, "conditions", Types.StringType.get(), "codes, comma-separated"),
              optional(14, "tape", Types.StringType.get(), "vendor's tape id or letter"),
              required(17, "payload_hash", Types.StringType.get(), "SHA-256 of the identity"))
          .pit(PitColumns.ids(2, 15, 16).eventTime("SIP time").availableAt("received"))
          .partitionedBy(spec -> spec.day("event_time"))
          .sortedBy("symbol", "event_time", "trade_id")
          .liveCommits()
          .withoutDictionaries()
          .builtBy(Layer.INTRADAY)
          .declare();

  /**
   * Intraday features of one-minute bars, point-in-time: one row per symbol × vendor × minute ×
   * knowledge instant, computed from {@link #SILVER_MINUTE_BARS} (both paths of one vendor, the
   * newest version of each minute known at the instant). A revision of a minute writes a new row
   * for it and for every later minute it reaches, at the revision's {@code available_at}; the old
   * rows stay. Extended-hours minutes are kept and flagged ({@code regular_session = false}).
   */
  public static final TableSpec GOLD_BAR_FEATURES_MINUTE =
      table(GOLD, "bar_features_minute")
          .columns(
              required(1, "symbol", Types.StringType.get()),
              required(2, "vendor", Types.StringType.get()),
              required(3, "session_date", Types.DateType.get(), "New York date of the minute"),
              required(7, "path", Types.StringType.get(), "the minute's bar: websocket or rest"),
              required(8, "bar_version", Types.IntegerType.get(), "the minute's bar version"),
              required(9, "regular_session", Types.BooleanType.get(), "09:30 to the close"),
              required(10, "close", Types.DoubleType.get()),
              required(11, "volume", Types.DoubleType.get()),
              optional(12, "ret_1m", Types.DoubleType.get()),
              optional(13, "ret_5m", Types.DoubleType.get()),
              optional(14, "ret_15m", Types.DoubleType.get()),
              optional(15, "ret_60m", Types.DoubleType.get()),
              optional(16, "vol_30m", Types.DoubleType.get(), "sample stdev, ddof 1"),
              optional(17, "vwap_dev", Types.DoubleType.get()),
              optional(18, "volume_share", Types.DoubleType.get()),
              optional(19, "session_open", Types.DoubleType.get()),
              optional(20, "session_high", Types.DoubleType.get()),
              optional(21, "session_low", Types.DoubleType.get()),
              optional(22, "session_close", Types.DoubleType.get()),
              optional(23, "session_volume", Types.DoubleType.get()),
              optional(24, "session_vwap", Types.DoubleType.get()))
          .pit(PitColumns.ids(4, 5, 6).eventTime("minute window start"))
          .partitionedBy(spec -> spec.month("event_time"))
          .sortedBy("symbol", "event_time", "available_at")
          .liveCommits()
          .builtBy(Layer.INTRADAY)
          .declare();

  /**
   * Splits, dividends and every other corporate action of every vendor in one shape: one row per
   * vendor × action × bronze version, with {@code available_at} from the vendor's rule, so a
   * strategy adjusts prices only with the actions known at its decision time.
   */
  public static final TableSpec SILVER_CORPORATE_ACTIONS =
      table(SILVER, "corporate_actions")
          .columns(
              required(1, "vendor", Types.StringType.get()),
              required(2, "action_id", Types.StringType.get(), "the vendor's id (bronze key)"),
              required(3, "version", Types.IntegerType.get(), "bronze's version"),
              required(
                  4,
                  "action_type",
                  Types.StringType.get(),
                  "Alpaca's singular type: forward_split, reverse_split, cash_dividend, ..."),
              required(5, "symbol", Types.StringType.get(), "pitlake's spelling"),
              required(6, "vendor_symbol", Types.StringType.get()),
              optional(7, "old_symbol", Types.StringType.get(), "a name change's old ticker"),
              optional(8, "declaration_date", Types.DateType.get()),
              optional(9, "ex_date", Types.DateType.get()),
              optional(10, "record_date", Types.DateType.get()),
              optional(11, "pay_date", Types.DateType.get()),
              optional(12, "process_date", Types.DateType.get()),
              required(
                  13,
                  "effective_date",
                  Types.DateType.get(),
                  "first day it affects prices or the ticker"),
              optional(14, "split_from", Types.DoubleType.get(), "old shares"),
              optional(15, "split_to", Types.DoubleType.get(), "new shares"),
              optional(16, "cash_amount", Types.DoubleType.get(), "per share"),
              optional(17, "currency", Types.StringType.get()),
              optional(18, "dividend_type", Types.StringType.get(), "Polygon CD, SC, LT, ST"),
              optional(19, "special", Types.BooleanType.get()),
              optional(20, "cusip", Types.StringType.get()),
              required(24, "payload_hash", Types.StringType.get()))
          .pit(21, 22, 23)
          .sortedBy("symbol", "effective_date", "vendor", "action_id", "version")
          .builtBy(Layer.REFERENCE)
          .declare();

  /**
   * Every EDGAR filing of the companies ingested, typed: what a researcher needs to date a fact
   * (the acceptance instant, the filing date), to tell an amendment from an original, and to find
   * the document. One row per accession number × bronze version.
   */
  public static final TableSpec SILVER_SEC_FILINGS =
      table(SILVER, "sec_filings")
          .columns(
              required(1, "cik", Types.LongType.get()),
              required(2, "accession_number", Types.StringType.get()),
              required(3, "version", Types.IntegerType.get(), "bronze's version"),
              optional(4, "form", Types.StringType.get(), "e.g. 10-K, 10-Q, 8-K, 10-K/A"),
              required(5, "is_amendment", Types.BooleanType.get(), "form ends in /A"),
              optional(6, "filing_date", Types.DateType.get()),
              optional(7, "report_date", Types.DateType.get(), "period reported on"),
              optional(
                  8,
                  "accepted_new_york",
                  Types.TimestampType.withoutZone(),
                  "EDGAR's acceptanceDateTime: New York wall clock"),
              optional(9, "primary_document", Types.StringType.get()),
              optional(10, "primary_document_description", Types.StringType.get()),
              optional(11, "items", Types.StringType.get(), "8-K items, comma-separated"),
              optional(12, "file_number", Types.StringType.get()),
              optional(13, "size_bytes", Types.LongType.get()),
              required(14, "is_xbrl", Types.BooleanType.get()),
              required(18, "payload_hash", Types.StringType.get()))
          .pit(15, 16, 17)
          .sortedBy("cik", "available_at", "accession_number", "version")
          .builtBy(Layer.REFERENCE)
          .declare();

  /**
   * Daily features, one row per symbol × session × knowledge instant: a new version whenever an
   * input it depends on is revised, each with {@code available_at} = the newest input it used.
   */
  public static final TableSpec GOLD_BAR_FEATURES_DAILY =
      table(GOLD, "bar_features_daily")
          .columns(
              required(1, "symbol", Types.StringType.get()),
              required(2, "session_date", Types.DateType.get()),
              required(4, "session_index", Types.IntegerType.get()),
              required(7, "bar_version", Types.IntegerType.get()),
              required(8, "close", Types.DoubleType.get()),
              required(9, "volume", Types.DoubleType.get()),
              required(10, "dollar_volume", Types.DoubleType.get()),
              optional(11, "ret_1d", Types.DoubleType.get()),
              optional(12, "ret_5d", Types.DoubleType.get()),
              optional(13, "ret_21d", Types.DoubleType.get()),
              optional(14, "vol_21d", Types.DoubleType.get()),
              required(15, "returns_in_window", Types.IntegerType.get()))
          .pit(5, 3, 6)
          .partitionedBy(spec -> spec.year("session_date"))
          .sortedBy("symbol", "session_date", "available_at")
          .layout(Layout.CLUSTERED)
          .liveCommits()
          .withoutDictionaries()
          .builtBy(Layer.GOLD)
          .declare();

  /**
   * Cumulative backward-adjustment factors as known at each instant: per symbol, every instant its
   * set of actions in effect changes gives the whole set anew, one row per ex date, covering the
   * sessions from the previous ex date up to that one (a set with no action is one row without an
   * ex date). As of T a symbol's factors are the rows of its newest {@code available_at <= T};
   * sessions no row covers have factor 1. Insert-only: a new set never changes an older one.
   */
  public static final TableSpec GOLD_ADJUSTMENT_FACTORS =
      table(GOLD, "adjustment_factors")
          .columns(
              required(1, "symbol", Types.StringType.get()),
              optional(
                  2,
                  "ex_date",
                  Types.DateType.get(),
                  "sessions before it are adjusted (end); null: no action in effect"),
              optional(
                  4,
                  "session_from",
                  Types.DateType.get(),
                  "first session covered (the previous ex date); null = from the start"),
              required(5, "split_factor", Types.DoubleType.get(), "multiplies raw prices"),
              required(6, "total_factor", Types.DoubleType.get(), "split and dividend factor"),
              required(7, "actions", Types.IntegerType.get(), "actions in the product"))
          .pit(
              PitColumns.ids(8, 3, 9)
                  .eventTime("00:00 NY of ex_date; available_at for a set without actions"))
          .sortedBy("symbol", "available_at", "ex_date")
          .builtBy(Layer.ADJUSTED)
          .declare();

  /**
   * Data-quality findings on prices and splits, dated by when they became knowable: a likely
   * missing split, a split the prices do not show, a vendor's adjusted close that disagrees with
   * pitlake's, and when a jump became explained (its own row: the table is insert-only, so a
   * finding never changes) (TABLES.md, "gold.price_dq").
   */
  public static final TableSpec GOLD_PRICE_DQ =
      table(GOLD, "price_dq")
          .columns(
              required(
                  1,
                  "check_name",
                  Types.StringType.get(),
                  "unexplained_jump, jump_explained, split_without_price_move,"
                      + " vendor_adjusted_close_mismatch"),
              required(2, "symbol", Types.StringType.get()),
              required(3, "session_date", Types.DateType.get()),
              optional(5, "detail", Types.StringType.get()),
              optional(
                  6,
                  "observed",
                  Types.DoubleType.get(),
                  "close_t / close_t-1; the vendor's adjusted close"),
              optional(7, "expected", Types.DoubleType.get()))
          .pit(
              PitColumns.ids(8, 4, 9)
                  .eventTime("the checked session's bar start, 00:00 New York")
                  .ingestedAt("newest fetch among the inputs that date the finding"))
          .sortedBy("symbol", "session_date", "check_name", "available_at")
          .builtBy(Layer.ADJUSTED)
          .declare();

  /**
   * Every reported value of every fundamental fact, from SEC companyfacts and FMP statements: one
   * row per vendor × fact × bronze version. Comparatives repeated in later filings and restated
   * values are separate rows, each dated by its own filing, so a point-in-time read can choose the
   * value that was known at its instant (TABLES.md, "silver.fundamental_facts").
   */
  public static final TableSpec SILVER_FUNDAMENTAL_FACTS =
      table(SILVER, "fundamental_facts")
          .columns(
              required(1, "vendor", Types.StringType.get(), "sec or fmp"),
              required(
                  2,
                  "fact_id",
                  Types.StringType.get(),
                  "bronze observation key (fmp: plus the concept)"),
              required(3, "version", Types.IntegerType.get(), "bronze's version"),
              required(4, "cik", Types.LongType.get()),
              required(5, "taxonomy", Types.StringType.get(), "us-gaap, dei, ..."),
              required(6, "concept", Types.StringType.get(), "XBRL concept name"),
              required(7, "unit", Types.StringType.get(), "USD, shares, USD/shares, ..."),
              optional(8, "period_start", Types.DateType.get(), "null for an instant"),
              required(9, "period_end", Types.DateType.get(), "last day, or the instant"),
              required(10, "value", Types.DoubleType.get()),
              optional(11, "accession_number", Types.StringType.get(), "sec only"),
              optional(12, "form", Types.StringType.get(), "10-K, 10-Q, 10-K/A, ..."),
              optional(13, "fiscal_period", Types.StringType.get(), "of the filing: FY, Q1..Q4"),
              required(14, "filed", Types.DateType.get(), "EDGAR filing date"),
              required(
                  15,
                  "available_basis",
                  Types.StringType.get(),
                  "acceptance, filed or revision: the rule that gave available_at"),
              optional(16, "symbol", Types.StringType.get(), "fmp's symbol"),
              required(20, "payload_hash", Types.StringType.get()))
          .pit(PitColumns.ids(17, 18, 19).eventTime("period end"))
          .sortedBy("cik", "concept", "period_end", "available_at")
          .builtBy(Layer.FUNDAMENTALS)
          .declare();

  /**
   * Curated fundamentals per security and knowledge instant: one wide row per vendor × CIK × each
   * instant at which a curated value became known, holding the latest-known quarter, trailing
   * twelve months and balances as of that instant (TABLES.md, "gold.fundamentals_pit").
   */
  public static final TableSpec GOLD_FUNDAMENTALS_PIT =
      table(GOLD, "fundamentals_pit")
          .columns(
              required(1, "vendor", Types.StringType.get()),
              required(2, "cik", Types.LongType.get()),
              optional(
                  6,
                  "accession_number",
                  Types.StringType.get(),
                  "a filing that became known at available_at"),
              optional(7, "form", Types.StringType.get()),
              optional(8, "fiscal_quarter_end", Types.DateType.get(), "latest quarter known"),
              optional(9, "balance_sheet_date", Types.DateType.get(), "latest balance known"),
              optional(10, "revenue_q", Types.DoubleType.get()),
              optional(11, "revenue_ttm", Types.DoubleType.get()),
              optional(
                  12,
                  "revenue_ttm_year_ago",
                  Types.DoubleType.get(),
                  "TTM ending a year before revenue_ttm's"),
              optional(13, "net_income_q", Types.DoubleType.get()),
              optional(14, "net_income_ttm", Types.DoubleType.get()),
              optional(15, "eps_diluted_q", Types.DoubleType.get()),
              optional(16, "eps_diluted_ttm", Types.DoubleType.get()),
              optional(17, "operating_cash_flow_q", Types.DoubleType.get()),
              optional(18, "operating_cash_flow_ttm", Types.DoubleType.get()),
              optional(19, "total_assets", Types.DoubleType.get()),
              optional(20, "total_liabilities", Types.DoubleType.get()),
              optional(21, "stockholders_equity", Types.DoubleType.get()),
              optional(22, "cash", Types.DoubleType.get()),
              optional(23, "cash_equivalents", Types.DoubleType.get()),
              optional(24, "shares_outstanding", Types.DoubleType.get()))
          .pit(
              PitColumns.ids(4, 3, 5)
                  .eventTime("newest period end known")
                  .availableAt("knowledge instant")
                  .ingestedAt("newest input's"))
          .sortedBy("cik", "available_at")
          .builtBy(Layer.FUNDAMENTALS)
          .declare();

  /**
   * Data-quality findings on the fundamentals, each dated by the instant it became knowable, so a
   * backtest can tell which were known at T (TABLES.md, "gold.fundamentals_dq").
   */
  public static final TableSpec GOLD_FUNDAMENTALS_DQ =
      table(GOLD, "fundamentals_dq")
          .columns(
              required(
                  1,
                  "check_name",
                  Types.StringType.get(),
                  "balance_sheet_identity, late_filing, missing_line_items,"
                      + " sec_fmp_disagreement"),
              required(2, "vendor", Types.StringType.get()),
              required(3, "cik", Types.LongType.get()),
              required(
                  4,
                  "subject",
                  Types.StringType.get(),
                  "what the finding is about: a date, an accession, a concept and period"),
              optional(6, "detail", Types.StringType.get()),
              optional(7, "observed", Types.DoubleType.get()),
              optional(8, "expected", Types.DoubleType.get()))
          .pit(
              PitColumns.ids(9, 5, 10)
                  .optionalEventTime(
                      "what the finding is about: the balance date's facts, the filing's"
                          + " acceptance, the snapshot, SEC's fact; null where EDGAR gave none")
                  .ingestedAt("newest fetch among the inputs that date the finding"))
          .sortedBy("cik", "check_name", "available_at")
          .builtBy(Layer.FUNDAMENTALS)
          .declare();

  /**
   * The research panel: one row per symbol × session × knowledge instant, the session's bar
   * features joined with the SEC fundamentals known at its decision instant, and ratios of the two
   * (TABLES.md, "gold.panel_daily").
   */
  public static final TableSpec GOLD_PANEL_DAILY =
      table(GOLD, "panel_daily")
          .columns(
              required(1, "symbol", Types.StringType.get()),
              required(2, "session_date", Types.DateType.get()),
              optional(4, "cik", Types.LongType.get(), "from SEC company_tickers.json"),
              optional(
                  5,
                  "decision_at",
                  Types.TimestampType.withZone(),
                  "the instant the fundamentals are as of"),
              required(6, "session_index", Types.IntegerType.get()),
              required(9, "close", Types.DoubleType.get()),
              required(10, "volume", Types.DoubleType.get()),
              required(11, "dollar_volume", Types.DoubleType.get()),
              optional(12, "ret_1d", Types.DoubleType.get()),
              optional(13, "ret_5d", Types.DoubleType.get()),
              optional(14, "ret_21d", Types.DoubleType.get()),
              optional(15, "vol_21d", Types.DoubleType.get()),
              required(16, "bar_available_at", Types.TimestampType.withZone()),
              optional(17, "fundamentals_available_at", Types.TimestampType.withZone()),
              optional(18, "fiscal_quarter_end", Types.DateType.get()),
              optional(19, "revenue_ttm", Types.DoubleType.get()),
              optional(20, "net_income_ttm", Types.DoubleType.get()),
              optional(21, "eps_diluted_ttm", Types.DoubleType.get()),
              optional(22, "stockholders_equity", Types.DoubleType.get()),
              optional(23, "total_assets", Types.DoubleType.get()),
              optional(24, "total_liabilities", Types.DoubleType.get()),
              optional(25, "shares_outstanding", Types.DoubleType.get()),
              optional(26, "market_cap", Types.DoubleType.get()),
              optional(27, "book_to_market", Types.DoubleType.get()),
              optional(28, "earnings_yield", Types.DoubleType.get()),
              optional(29, "roe", Types.DoubleType.get()),
              optional(30, "sales_growth", Types.DoubleType.get()),
              optional(31, "days_since_filing", Types.IntegerType.get()))
          .pit(7, 3, 8)
          .partitionedBy(spec -> spec.year("session_date"))
          .sortedBy("symbol", "session_date", "available_at")
          .builtBy(Layer.PANEL)
          .declare();

  /**
   * The research feature library (FEATURES.md §1 and §2: Alpha158 and the technical and liquidity
   * set), one row per symbol × session × knowledge instant, in session t's raw basis with the
   * splits and dividends known at the row's instant; a new version of exactly the sessions whose
   * window inputs changed (TABLES.md, "gold.features_daily"). Insert-only. The feature columns are
   * {@link FeatureColumns#ALL}, one optional double each, NULL where Qlib or TA-Lib gives NaN.
   */
  public static final TableSpec GOLD_FEATURES_DAILY =
      table(GOLD, "features_daily")
          .columns(featuresDailyColumns())
          .pit(
              PitColumns.ids(5, 3, 6)
                  .eventTime("the session's bar start, 00:00 New York")
                  .ingestedAt("newest fetch among the window's bars and the factors applied to it"))
          .partitionedBy(spec -> spec.year("session_date"))
          .sortedBy("symbol", "session_date", "available_at")
          .layout(Layout.CLUSTERED_FEATURES)
          .withoutDictionaries()
          .builtBy(Layer.FEATURES)
          .declare();

  /** The columns besides the time columns: field ids 1 to 7, then the features from 8 on. */
  private static List<Types.NestedField> featuresDailyColumns() {
    List<Types.NestedField> fields =
        new ArrayList<>(
            List.of(
                required(1, "symbol", Types.StringType.get()),
                required(2, "session_date", Types.DateType.get()),
                required(4, "session_index", Types.IntegerType.get()),
                required(
                    7, "bar_version", Types.IntegerType.get(), "version of the session's bar")));
    int id = 8;
    for (String column : FeatureColumns.ALL) {
      fields.add(optional(id++, column, Types.DoubleType.get()));
    }
    fields.add(
        optional(
            id,
            "security_id",
            Types.StringType.get(),
            "the security that traded as symbol on the session, as silver.security_master knew it"
                + " at available_at; NULL where it knew none"));
    return fields;
  }

  /**
   * FEATURES.md §3: each session's cross-sections of {@code gold.features_daily}, one row per
   * session × universe ({@code all}, and each index of {@code gold.universe_daily}) × symbol, taken
   * once at the session's instant (the later of its decision instant and its first features row)
   * over the symbols whose row for the session was known then. Insert-only and one version per row:
   * a features row revised after that instant adds no row here.
   */
  public static final TableSpec GOLD_CROSS_SECTION_DAILY =
      table(GOLD, "cross_section_daily")
          .columns(crossSectionDailyColumns())
          .pit(
              PitColumns.ids(4, 3, 5)
                  .eventTime("the session's bar start, 00:00 New York")
                  .availableAt(
                      "the instant the cross-section is taken: the later of the session's decision"
                          + " instant and its first gold.features_daily row")
                  .ingestedAt("newest ingested_at among the cross-section's features rows"))
          .partitionedBy(spec -> spec.year("session_date"))
          .sortedBy("session_date", "universe", "symbol")
          .builtBy(Layer.FEATURES)
          .declare();

  /** The columns besides the time columns: field ids 1 to 6, then the features from 7 on. */
  private static List<Types.NestedField> crossSectionDailyColumns() {
    List<Types.NestedField> fields =
        new ArrayList<>(
            List.of(
                required(1, "session_date", Types.DateType.get()),
                required(2, "symbol", Types.StringType.get()),
                required(
                    6,
                    "features_available_at",
                    Types.TimestampType.withZone(),
                    "available_at of the symbol's gold.features_daily row in the cross-section")));
    int id = 7;
    for (String column : FeatureColumns.CROSS_SECTION) {
      fields.add(optional(id++, column, Types.DoubleType.get()));
    }
    fields.add(
        optional(
            id++,
            "security_id",
            Types.StringType.get(),
            "the symbol's gold.features_daily row's: its security as known at"
                + " features_available_at"));
    fields.add(
        optional(
            id,
            "universe",
            Types.StringType.get(),
            "'all' (every symbol), or the gold.universe_daily index the cross-section is over;"
                + " optional so an older lake's table can gain it, never NULL in a row written since"));
    return fields;
  }

  /**
   * Index membership as the user's file states it ({@code pitlake ingest --universe}): one row per
   * index × member × effective date × version. Insert-only: a line that ends a membership, or
   * corrects it, is a new version; as of T read per index, member and effective_from the row with
   * the newest {@code available_at <= T} (then the highest version). No free source of historical
   * membership exists, so this is the one silver table a user's file fills directly.
   */
  public static final TableSpec SILVER_INDEX_MEMBERSHIP =
      table(SILVER, "index_membership")
          .columns(
              required(1, "index_id", Types.StringType.get(), "as the file names it, e.g. SP500"),
              required(
                  2, "constituent", Types.StringType.get(), "the file's ticker, or cik:<digits>"),
              required(3, "effective_from", Types.DateType.get(), "first New York date in"),
              required(4, "version", Types.IntegerType.get(), "nth distinct line of the key"),
              optional(5, "symbol", Types.StringType.get(), "pitlake's spelling"),
              optional(6, "cik", Types.LongType.get()),
              optional(
                  7,
                  "effective_to",
                  Types.DateType.get(),
                  "first New York date out; NULL: a member as far as this version knows"),
              optional(8, "announced_at", Types.TimestampType.withZone(), "as the file says"),
              required(12, "line_hash", Types.StringType.get(), "SHA-256 of the typed line"))
          .pit(
              PitColumns.ids(9, 10, 11)
                  .eventTime("00:00 New York of the change this version records"))
          .sortedBy("index_id", "constituent", "effective_from", "version")
          .declare();

  /**
   * The results of the data-quality gates a build's audit ran ({@code sql/dq/}, {@code
   * io.pitlake.dq}): per gate and audit one summary row (no symbol), and one row per symbol-day it
   * found. Written on {@code main} by the audit itself, whether the build is published or not, so a
   * blocked build's findings are readable where every reader looks. Insert-only.
   */
  public static final TableSpec GOLD_DQ_RESULTS =
      table(GOLD, "dq_results")
          .columns(
              required(1, "audit_id", Types.StringType.get(), "one audit (build) of the lake"),
              required(
                  2,
                  "gate",
                  Types.StringType.get(),
                  "session_coverage, ohlc, stale_close, unexplained_jump, minute_vs_daily,"
                      + " row_count"),
              required(3, "severity", Types.StringType.get(), "block, quarantine or warn"),
              required(
                  4,
                  "outcome",
                  Types.StringType.get(),
                  "pass, or what the finding did: blocked, quarantined, warned"),
              optional(5, "symbol", Types.StringType.get(), "null on a gate's summary row"),
              optional(6, "session_date", Types.DateType.get()),
              optional(7, "detail", Types.StringType.get()),
              required(
                  8,
                  "findings",
                  Types.LongType.get(),
                  "the gate's symbol-days (rows, for row_count) found; 1 on a finding's row"),
              required(
                  9,
                  "snapshot_ids",
                  Types.StringType.get(),
                  "the audited snapshot of every table the build wrote: table=id, ..."))
          .pit(
              PitColumns.ids(10, 11, 12)
                  .eventTime(
                      "the checked session's start (00:00 New York); the audit's instant on a"
                          + " summary row")
                  .availableAt("the audit's instant")
                  .ingestedAt("the audit's instant"))
          .sortedBy("audit_id", "gate", "symbol", "session_date")
          .declare();

  /**
   * Every option contract as listed on each day, its OCC ticker parsed: one row per vendor × option
   * ticker × as-of day × version, so the chain of any past day is known, contracts expired since
   * included. Insert-only: a listing is never overwritten, a re-listing is a new version.
   */
  public static final TableSpec SILVER_OPTION_CONTRACTS =
      table(SILVER, "option_contracts")
          .columns(
              required(1, "vendor", Types.StringType.get()),
              required(2, "option_ticker", Types.StringType.get(), "O:ROOTYYMMDDC00000000"),
              required(3, "as_of", Types.DateType.get(), "the day the listing is of"),
              required(4, "version", Types.IntegerType.get(), "bronze's version"),
              required(5, "underlying", Types.StringType.get(), "pitlake's spelling"),
              required(6, "root", Types.StringType.get(), "OCC root, from the ticker"),
              required(7, "expiration_date", Types.DateType.get(), "from the ticker"),
              required(8, "contract_type", Types.StringType.get(), "call or put"),
              required(9, "strike", Types.DoubleType.get(), "from the ticker"),
              required(10, "shares_per_contract", Types.DoubleType.get()),
              optional(11, "deliverable", Types.StringType.get(), "additional_underlyings JSON"),
              optional(12, "exercise_style", Types.StringType.get()),
              optional(13, "primary_exchange", Types.StringType.get()),
              required(14, "standard", Types.BooleanType.get(), "100 shares, root = underlying"),
              required(18, "payload_hash", Types.StringType.get()))
          .pit(15, 16, 17)
          .partitionedBy(spec -> spec.month("as_of"))
          .sortedBy("underlying", "as_of", "option_ticker", "version")
          .builtBy(Layer.OPTIONS)
          .declare();

  /**
   * Typed, validated daily bars of option contracts, one row per option ticker × session × version,
   * by silver.bars_daily's rules. Insert-only: as of T a bar is its highest version with {@code
   * available_at <= T}.
   */
  public static final TableSpec SILVER_OPTION_BARS_DAILY =
      table(SILVER, "option_bars_daily")
          .columns(
              required(1, "option_ticker", Types.StringType.get()),
              required(2, "session_date", Types.DateType.get()),
              required(3, "version", Types.IntegerType.get()),
              required(4, "root", Types.StringType.get(), "OCC root, from the ticker"),
              required(5, "session_index", Types.IntegerType.get(), "NYSE session ordinal"),
              required(6, "open", Types.DoubleType.get()),
              required(7, "high", Types.DoubleType.get()),
              required(8, "low", Types.DoubleType.get()),
              required(9, "close", Types.DoubleType.get()),
              required(10, "volume", Types.DoubleType.get()),
              optional(11, "vwap", Types.DoubleType.get()),
              optional(12, "trades", Types.LongType.get()),
              required(16, "vendor", Types.StringType.get()),
              required(17, "payload_hash", Types.StringType.get()))
          .pit(13, 14, 15)
          .partitionedBy(spec -> spec.year("session_date"))
          .sortedBy("root", "option_ticker", "session_date", "version")
          .builtBy(Layer.OPTIONS)
          .declare();

  /**
   * Which option contract an adjusted contract continues after a split: one row per new ticker ×
   * old ticker × split and the versions they were read from, from the ex date on. Insert-only.
   */
  public static final TableSpec SILVER_OPTION_CONTRACT_LINKS =
      table(SILVER, "option_contract_links")
          .columns(
              required(1, "underlying", Types.StringType.get()),
              required(2, "option_ticker", Types.StringType.get(), "the adjusted contract"),
              required(3, "continues_ticker", Types.StringType.get(), "the one it continues"),
              required(4, "ex_date", Types.DateType.get(), "the split's; the link's first day"),
              required(5, "ratio", Types.DoubleType.get(), "new shares per old share"),
              required(6, "version", Types.IntegerType.get(), "option_ticker's listing"),
              required(7, "continues_version", Types.IntegerType.get()),
              required(8, "action_id", Types.StringType.get(), "silver.corporate_actions'"),
              required(9, "action_version", Types.IntegerType.get()))
          .pit(10, 11, 12)
          .sortedBy("underlying", "ex_date", "option_ticker", "continues_ticker")
          .builtBy(Layer.OPTIONS)
          .declare();

  /**
   * Every listed option contract priced at each session's close in its own basis (the raw close
   * times the deliverable, that day's strike): moneyness, time to expiry, the Black-Scholes-Merton
   * IV on the escrowed-dividend spot (American early exercise ignored) or why there is none, and
   * the Greeks; one row per option ticker × session × knowledge instant. Insert-only.
   */
  public static final TableSpec GOLD_OPTION_FEATURES_DAILY =
      table(GOLD, "option_features_daily")
          .columns(
              required(1, "underlying", Types.StringType.get()),
              required(2, "option_ticker", Types.StringType.get()),
              required(3, "session_date", Types.DateType.get()),
              optional(7, "bar_version", Types.IntegerType.get(), "NULL: no bar that day"),
              required(8, "underlying_version", Types.IntegerType.get(), "its bar's version"),
              required(9, "expiration_date", Types.DateType.get()),
              required(10, "contract_type", Types.StringType.get(), "call or put"),
              required(11, "strike", Types.DoubleType.get(), "that day's"),
              required(12, "shares_per_contract", Types.DoubleType.get(), "that day's"),
              optional(13, "option_close", Types.DoubleType.get(), "the bar's close"),
              optional(14, "volume", Types.DoubleType.get(), "contracts traded"),
              optional(15, "trades", Types.LongType.get(), "the bar's n"),
              required(16, "underlying_close", Types.DoubleType.get(), "raw, per share"),
              optional(17, "spot", Types.DoubleType.get(), "escrowed, x deliverable"),
              optional(18, "rate", Types.DoubleType.get(), "continuously compounded"),
              optional(19, "years_to_expiry", Types.DoubleType.get(), "ACT/365 from the close"),
              optional(20, "moneyness", Types.DoubleType.get(), "K / S"),
              optional(21, "log_moneyness", Types.DoubleType.get(), "ln(K / F)"),
              optional(22, "iv", Types.DoubleType.get(), "implied volatility, decimal"),
              optional(23, "iv_reason", Types.StringType.get(), "why iv is NULL"),
              optional(24, "delta", Types.DoubleType.get()),
              optional(25, "gamma", Types.DoubleType.get()),
              optional(26, "vega", Types.DoubleType.get(), "per 1.00 of volatility"),
              optional(27, "theta", Types.DoubleType.get(), "per year"),
              optional(28, "stale", Types.BooleanType.get(), "fewer than 5 trades"))
          .pit(
              PitColumns.ids(5, 4, 6)
                  .eventTime("00:00 NY of the session")
                  .ingestedAt("newest input fetch"))
          .partitionedBy(spec -> spec.month("session_date"))
          .sortedBy("underlying", "session_date", "option_ticker", "available_at")
          .builtBy(Layer.OPTIONS)
          .declare();

  /**
   * One underlying's implied volatility surface at each session's close: 30-day ATM IV, 25-delta
   * put − call skew, term slope, put/call volume and the 21-day realized volatility of total
   * returns; one row per underlying × session × knowledge instant. Insert-only.
   */
  public static final TableSpec GOLD_IV_SURFACE_DAILY =
      table(GOLD, "iv_surface_daily")
          .columns(
              required(1, "underlying", Types.StringType.get()),
              required(2, "session_date", Types.DateType.get()),
              required(6, "contracts", Types.IntegerType.get(), "rows of the session known"),
              required(7, "solved", Types.IntegerType.get(), "of them with an IV"),
              optional(8, "atm_iv_30d", Types.DoubleType.get()),
              optional(9, "skew_25d_30d", Types.DoubleType.get(), "put IV - call IV"),
              optional(10, "atm_iv_90d", Types.DoubleType.get()),
              optional(11, "term_slope", Types.DoubleType.get(), "90-day - 30-day ATM IV"),
              required(12, "put_volume", Types.DoubleType.get()),
              required(13, "call_volume", Types.DoubleType.get()),
              optional(14, "put_call_volume_ratio", Types.DoubleType.get()),
              optional(15, "rv_21d", Types.DoubleType.get(), "total-return, x sqrt(252)"),
              optional(16, "iv_rv_spread", Types.DoubleType.get(), "atm_iv_30d - rv_21d"))
          .pit(
              PitColumns.ids(4, 3, 5)
                  .eventTime("00:00 NY of the session")
                  .ingestedAt("newest input fetch"))
          .partitionedBy(spec -> spec.year("session_date"))
          .sortedBy("underlying", "session_date", "available_at")
          .builtBy(Layer.OPTIONS)
          .declare();

  /**
   * The bronze table of one vendor dataset other than Polygon's daily bars: {@code
   * bronze.<vendor>_<dataset>}, one row per distinct observation (the dataset's key of the thing
   * observed, and the payload exactly as delivered), numbered by version in the order pitlake first
   * saw each content. Typed columns are silver's job; bronze keeps the raw JSON so silver can be
   * rebuilt from it.
   *
   * @param vendor e.g. {@code sec}
   * @param dataset e.g. {@code companyfacts}; letters, digits and underscores
   */
  public static TableSpec rawBronze(String vendor, String dataset) {
    checkArgument(
        vendor != null && vendor.matches("[a-z][a-z0-9]*"),
        "vendor '%s' must be lower-case letters and digits, e.g. sec",
        vendor);
    checkArgument(
        dataset != null && dataset.matches("[a-z][a-z0-9_]*"),
        "dataset '%s' must be lower-case letters, digits and underscores, e.g. companyfacts",
        dataset);
    return new TableDeclaration(BRONZE, vendor + "_" + dataset, spec -> {})
        .columns(
            required(1, "vendor", Types.StringType.get()),
            required(2, "dataset", Types.StringType.get()),
            required(
                3, "observation_key", Types.StringType.get(), "the dataset's key of the thing"),
            required(7, "version", Types.IntegerType.get(), "nth distinct payload of the key"),
            required(8, "payload_hash", Types.StringType.get(), "SHA-256 of the payload"),
            required(9, "payload", Types.StringType.get(), "element JSON as delivered"),
            required(10, "request_url", Types.StringType.get(), "request URL, keys redacted"),
            required(11, "split_id", Types.StringType.get(), "source split"))
        .pit(
            PitColumns.ids(4, 5, 6)
                .optionalEventTime("instant or start described")
                .availableAt("first knowable")
                .ingestedAt("first fetched"))
        .partitionedBy(spec -> spec.month("ingested_at"))
        .sortedBy("observation_key", "version")
        .declare();
  }

  /** Every table pitlake declares, in the order declared. */
  public static List<TableSpec> all() {
    return List.copyOf(DECLARED);
  }

  /**
   * The definition of {@code namespace.table}.
   *
   * @throws IllegalArgumentException naming the tables there are, when there is no such table
   */
  public static TableSpec byName(String qualifiedName) {
    return all().stream()
        .filter(spec -> spec.id().toString().equals(qualifiedName))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    String.format(
                        "no table %s: pitlake's tables are %s",
                        qualifiedName, all().stream().map(t -> t.id().toString()).toList())));
  }

  /** Starts the declaration of {@code namespace.name}, which {@link #all} lists once declared. */
  private static TableDeclaration table(String namespace, String name) {
    return new TableDeclaration(namespace, name, DECLARED::add);
  }
}
