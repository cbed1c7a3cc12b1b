package io.pitlake.simulator;

import static org.apache.flink.util.Preconditions.checkState;

import io.pitlake.time.NyseCalendar;
import io.pitlake.time.TradingSession;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import javax.annotation.Nullable;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * What the simulators' websockets share: a real websocket server on loopback that replays one
 * session of minute bars (or several in a row) as {@link SessionReplay} says, each vendor's
 * subclass speaking its protocol (greeting, auth, subscription, element shape, how it drops a
 * client).
 *
 * <p>The replay starts at the first subscription and runs on its own {@link ReplayClock}: from one
 * minute before the open until the last re-send after the close (with several sessions, the clock
 * jumps from {@link SessionReplay#TAIL} after each close to a minute before the next open). The
 * replay's thread builds the schedule while the clock already runs, so the subscription is answered
 * at once; a frame that fell due meanwhile goes out as soon as the schedule is ready. Each minute's
 * bar goes out 1 to 2.5 s (session time) after its window ends; a revised bar goes out first with
 * preliminary values and again, settled, {@link #revisionDelay} later. The elements due in the same
 * session second share a frame, each connection receiving those it subscribed to. With chaos, a
 * frame is preceded by a copy cut in half, or the client is dropped instead: half the drops with
 * the vendor's {@link #dropNotice} and a close, half abruptly (without a close frame). What the
 * replay sent is kept ({@link #sent()}) for tests to compare with what pitlake stored.
 */
public abstract class ReplayWebSocketServer implements AutoCloseable {

  private static final Duration LEAD = Duration.ofMinutes(1);

  private final SessionReplay replay;
  private final BiFunction<String, LocalDate, List<SimulatedBar>> minuteBars;
  private final BiFunction<String, LocalDate, SimulatedTrades.Day> trades;
  private final ReplayClock clock;
  private final Instant close;
  private final Server server;
  private final String threadName;
  // Bars and trades come by the hundred thousand (a soak's week of sessions): a copy-on-write list
  // would copy them at every add.
  private final List<SentBar> sent = Collections.synchronizedList(new ArrayList<>());
  private final List<SentTrade> sentTrades = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch replayed = new CountDownLatch(1);
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger malformed = new AtomicInteger();
  private final AtomicInteger disconnects = new AtomicInteger();
  private final SplittableRandom chaos;
  private volatile Thread player;
  private volatile boolean closed;

  /**
   * @param minuteBars the REST simulator's settled minute bars of a symbol and session
   * @param trades the REST simulator's trades of a symbol and session
   * @param threadName the replay thread's name
   */
  ReplayWebSocketServer(
      SessionReplay replay,
      BiFunction<String, LocalDate, List<SimulatedBar>> minuteBars,
      BiFunction<String, LocalDate, SimulatedTrades.Day> trades,
      String threadName) {
    this.replay = replay;
    this.minuteBars = minuteBars;
    this.trades = trades;
    this.threadName = threadName;
    this.clock = clock(replay);
    List<LocalDate> sessions = replay.sessions();
    this.close =
        NyseCalendar.instance().session(sessions.get(sessions.size() - 1)).orElseThrow().close();
    this.server = new Server(new InetSocketAddress("127.0.0.1", 0));
    this.chaos = new SplittableRandom(replay.seed() ^ 0x6a09e667f3bcc909L);
  }

  /**
   * The replay's clock: one span per session, from a minute before its open to {@link
   * SessionReplay#TAIL} after its close (the last one open-ended).
   */
  private static ReplayClock clock(SessionReplay replay) {
    List<Instant> starts = new ArrayList<>();
    List<Instant> ends = new ArrayList<>();
    TradingSession previous = null;
    for (LocalDate session : replay.sessions()) {
      TradingSession hours = NyseCalendar.instance().session(session).orElseThrow();
      if (previous != null) {
        ends.add(previous.close().plus(SessionReplay.TAIL));
      }
      starts.add(hours.open().minus(LEAD));
      previous = hours;
    }
    return new ReplayClock(UUID.randomUUID().toString(), starts, ends, replay.speed());
  }

  /** Binds 127.0.0.1 on an ephemeral port and starts serving. */
  void begin() {
    server.setReuseAddr(true);
    server.setDaemon(true);
    server.start();
    try {
      checkState(started.await(10, TimeUnit.SECONDS), "the websocket server did not start");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the websocket server started", e);
    }
  }

  /** {@code ws://127.0.0.1:PORT}, without a path. */
  protected String address() {
    return "ws://127.0.0.1:" + server.getPort();
  }

  /** The replayed session's clock: it stands one minute before the open until the replay starts. */
  public ReplayClock clock() {
    return clock;
  }

  public SessionReplay replay() {
    return replay;
  }

  /** Every element the replay sent so far, in send order. */
  public List<SentBar> sent() {
    synchronized (sent) {
      return List.copyOf(sent);
    }
  }

  /** Every trade, correction and cancel the replay sent so far, in send order. */
  public List<SentTrade> sentTrades() {
    synchronized (sentTrades) {
      return List.copyOf(sentTrades);
    }
  }

  /** Connections accepted so far. */
  public int connectionCount() {
    return connections.get();
  }

  /** Waits until the replay sent its last element. */
  public boolean awaitReplayed(Duration timeout) throws InterruptedException {
    return replayed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether the replay has started. */
  public boolean replaying() {
    return clock.begun();
  }

  /**
   * How far the replay has made its sessions knowable: its clock, but never past the last session's
   * close (every bar has ended by then, and no later session is part of the replay). {@link
   * Replays} bounds the simulator's REST endpoints by it.
   */
  Instant knowableUntil() {
    Instant now = clock.instant();
    return now.isBefore(close) ? now : close;
  }

  /** Frames preceded by a malformed copy so far (chaos). */
  public int malformedCount() {
    return malformed.get();
  }

  /** Connections the replay dropped so far (chaos). */
  public int disconnectCount() {
    return disconnects.get();
  }

  @Override
  public void close() {
    closed = true;
    Thread thread = player;
    if (thread != null) {
      thread.interrupt();
    }
    try {
      server.stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    clock.end();
  }

  /** What one connection did so far. */
  static class Client {
    volatile boolean authenticated;
    volatile boolean allSymbols;
    final Set<String> symbols = ConcurrentHashMap.newKeySet();
    volatile boolean allTrades;
    final Set<String> tradeSymbols = ConcurrentHashMap.newKeySet();
  }

  /**
   * One bar, or one trades-channel message ({@code bar} and {@code kind} null), due at an instant.
   */
  record Scheduled(
      Instant at,
      String symbol,
      @Nullable SimulatedBar bar,
      @Nullable SentBar.Kind kind,
      @Nullable TradeEvent trade) {

    Scheduled(Instant at, String symbol, SimulatedBar bar, SentBar.Kind kind) {
      this(at, symbol, bar, kind, null);
    }

    Scheduled(String symbol, TradeEvent trade) {
      this(Instant.ofEpochMilli(trade.sendMillis()), symbol, null, null, trade);
    }
  }

  /**
   * A new connection to {@code path}: greets it and returns its state, or closes it and returns
   * {@code null}.
   */
  @Nullable
  abstract Client opened(WebSocket conn, String path);

  /** A client's message. */
  abstract void received(WebSocket conn, Client client, String text);

  /** How long after a bar's first send its revision (or unchanged re-send) goes out. */
  abstract Duration revisionDelay(SplittableRandom random);

  /** The JSON element of {@code event}; {@code day} holds the symbol's volume and value so far. */
  abstract String element(Scheduled event, double[] day);

  /** The JSON element of a trade, correction or cancel. */
  abstract String tradeElement(TradeEvent event);

  /** Whether {@code client} gets {@code event}. */
  boolean receives(Client client, Scheduled event) {
    if (event.trade() != null) {
      return client.allTrades || client.tradeSymbols.contains(event.symbol());
    }
    return client.allSymbols || client.symbols.contains(event.symbol());
  }

  /** The vendor's message to a client it drops (half the chaos drops say it before a close). */
  abstract String dropNotice();

  /** Called when chaos drops a client, before the close. */
  void dropping() {}

  /** The open connections. */
  Collection<WebSocket> connections() {
    return server.getConnections();
  }

  /** Closes without a close frame, but only after what was sent before went out. */
  private static void closeAbruptly(WebSocket conn) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    while (conn.hasBufferedData() && System.nanoTime() < end) {
      Thread.onSpinWait();
    }
    conn.closeConnection(1006, "the simulator drops this connection abruptly");
  }

  private final class Server extends WebSocketServer {

    Server(InetSocketAddress address) {
      super(address);
    }

    @Override
    public void onStart() {
      started.countDown();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      connections.incrementAndGet();
      Client client = opened(conn, handshake.getResourceDescriptor());
      if (client != null) {
        conn.setAttachment(client);
      }
    }

    @Override
    public void onMessage(WebSocket conn, String text) {
      Client client = conn.getAttachment();
      if (client != null) {
        received(conn, client, text);
      }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

    @Override
    public void onError(@Nullable WebSocket conn, Exception ex) {}
  }

  /** Starts the replay at the first subscription, with its symbols unless the replay names some. */
  synchronized void startReplay(List<String> subscribed) {
    if (player != null || closed) {
      return;
    }
    List<String> symbols = replay.symbols().isEmpty() ? subscribed : replay.symbols();
    if (symbols.isEmpty()) {
      return;
    }
    // The schedule is built on the replay's thread, not on this websocket thread: 5,000 symbols'
    // (their bars and trades) took 20 s, and the subscribing connection's pongs waited for it.
    List<String> streamed = List.copyOf(symbols);
    Thread thread = new Thread(() -> play(schedule(streamed)), threadName);
    thread.setDaemon(true);
    player = thread;
    clock.begin();
    thread.start();
  }

  private List<Scheduled> schedule(List<String> symbols) {
    List<Scheduled> events = new ArrayList<>();
    List<LocalDate> sessions = replay.sessions();
    for (int s = 0; s < sessions.size(); s++) {
      for (String symbol : new LinkedHashSet<>(symbols)) {
        schedule(symbol, sessions.get(s), s, events);
      }
    }
    events.sort(Comparator.comparing(Scheduled::at));
    return events;
  }

  /** Adds the bars and trades of {@code symbol} on the replay's {@code index}th session. */
  private void schedule(String symbol, LocalDate session, int index, List<Scheduled> events) {
    List<SimulatedBar> bars = minuteBars.apply(symbol, session);
    for (int i = 0; i < bars.size(); i++) {
      SimulatedBar bar = bars.get(i);
      SplittableRandom random =
          new SplittableRandom(
              replay.seed() * 1_000_003L + symbol.hashCode() * 7_919L + index * 100_003L + i);
      Instant end = Instant.ofEpochMilli(bar.t()).plus(Duration.ofMinutes(1));
      Instant first = end.plusMillis(1_000 + random.nextInt(1_500));
      Instant later = first.plus(revisionDelay(random));
      double draw = random.nextDouble();
      if (draw < replay.revisionRate()) {
        events.add(new Scheduled(first, symbol, preliminary(bar), SentBar.Kind.PRELIMINARY));
        events.add(new Scheduled(later, symbol, bar, SentBar.Kind.REVISED));
      } else if (draw < replay.revisionRate() + replay.resendRate()) {
        events.add(new Scheduled(first, symbol, bar, SentBar.Kind.FINAL));
        events.add(new Scheduled(later, symbol, bar, SentBar.Kind.RESENT));
      } else {
        events.add(new Scheduled(first, symbol, bar, SentBar.Kind.FINAL));
      }
    }
    for (TradeEvent trade : trades.apply(symbol, session).events()) {
      events.add(new Scheduled(symbol, trade));
    }
  }

  /** The bar as first reported before late trades: less volume, a close nearer the open. */
  private static SimulatedBar preliminary(SimulatedBar bar) {
    double close = SimulatedMarket.round4((bar.o() + bar.c()) / 2);
    return new SimulatedBar(
        bar.o(),
        bar.h(),
        bar.l(),
        close,
        Math.floor(bar.v() * 0.7),
        SimulatedMarket.round4((bar.o() + close) / 2),
        Math.max(1, bar.n() * 7 / 10),
        bar.t());
  }

  private void play(List<Scheduled> schedule) {
    // Day figures of each symbol so far (volume, value, open), e.g. Polygon's av and a.
    Map<String, double[]> day = new TreeMap<>();
    try {
      int i = 0;
      while (i < schedule.size() && !closed) {
        long second = schedule.get(i).at().getEpochSecond();
        int j = i;
        while (j < schedule.size() && schedule.get(j).at().getEpochSecond() == second) {
          j++;
        }
        List<Scheduled> frame = schedule.subList(i, j);
        // Sent when its last element is due: nothing leaves before its time (a trade before its
        // SIP time, a bar before its window ended).
        long waitNanos = clock.nanosUntil(frame.get(frame.size() - 1).at());
        if (waitNanos > 0) {
          TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
        broadcast(frame, day);
        i = j;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      replayed.countDown();
    }
  }

  private void broadcast(List<Scheduled> frame, Map<String, double[]> day) {
    // Rendered when a client first wants it: trades nobody subscribed to cost nothing.
    String[] rendered = new String[frame.size()];
    for (int k = 0; k < frame.size(); k++) {
      Scheduled event = frame.get(k);
      if (event.trade() != null) {
        sentTrades.add(new SentTrade(event.trade(), clock.instant()));
        continue;
      }
      SimulatedBar bar = event.bar();
      // Per symbol and session: Polygon's day figures start again at each open.
      double[] figures =
          day.computeIfAbsent(
              event.symbol()
                  + "|"
                  + Instant.ofEpochMilli(bar.t()).atZone(NyseCalendar.ZONE).toLocalDate(),
              s -> new double[] {0, 0, bar.o()});
      if (event.kind() == SentBar.Kind.FINAL || event.kind() == SentBar.Kind.PRELIMINARY) {
        figures[0] += bar.v();
        figures[1] += bar.v() * bar.vw();
      }
      rendered[k] = element(event, figures);
      sent.add(
          new SentBar(
              event.symbol(),
              bar.t(),
              bar.o(),
              bar.h(),
              bar.l(),
              bar.c(),
              (long) bar.v(),
              bar.vw(),
              bar.n(),
              clock.instant(),
              System.currentTimeMillis(),
              event.kind()));
    }
    for (WebSocket conn : server.getConnections()) {
      Client client = conn.getAttachment();
      if (client == null || !client.authenticated || !conn.isOpen()) {
        continue;
      }
      StringBuilder mine = new StringBuilder("[");
      for (int k = 0; k < frame.size(); k++) {
        Scheduled event = frame.get(k);
        if (receives(client, event)) {
          if (rendered[k] == null) {
            rendered[k] = tradeElement(event.trade());
          }
          mine.append(mine.length() > 1 ? "," : "").append(rendered[k]);
        }
      }
      if (mine.length() > 1) {
        send(conn, mine.append(']').toString());
      }
    }
  }

  /**
   * Sends one frame, with the replay's chaos: a dropped connection instead of the frame (the frame
   * is then lost to that client, a gap), or a copy cut in half before it.
   */
  private void send(WebSocket conn, String frame) {
    if (chaos.nextDouble() < replay.disconnectRate()) {
      Client client = conn.getAttachment();
      client.authenticated = false;
      dropping();
      if (disconnects.incrementAndGet() % 2 == 0) {
        conn.send(dropNotice());
        conn.close(1000, "dropped by the simulator");
      } else {
        closeAbruptly(conn);
      }
      return;
    }
    if (chaos.nextDouble() < replay.malformedRate()) {
      malformed.incrementAndGet();
      conn.send(frame.substring(0, frame.length() / 2));
    }
    conn.send(frame);
  }

  /** A frame of one control message, {@code [{...}]}, whose fields {@code fields} writes. */
  static String controlFrame(HttpResponses.JsonWriter fields) {
    return json(
        json -> {
          json.writeStartArray();
          json.writeStartObject();
          fields.write(json);
          json.writeEndObject();
          json.writeEndArray();
        });
  }

  /** One JSON document as text; the simulators' REST bodies are written the same way. */
  static String json(HttpResponses.JsonWriter writer) {
    return new String(HttpResponses.json(writer), StandardCharsets.UTF_8);
  }
}
