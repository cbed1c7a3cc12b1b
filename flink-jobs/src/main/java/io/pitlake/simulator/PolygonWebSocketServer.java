package io.pitlake.simulator;

import static org.apache.flink.util.Preconditions.checkState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitlake.time.NyseCalendar;
import io.pitlake.time.TradingSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import javax.annotation.Nullable;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * The Polygon simulator's websocket ({@code ws://127.0.0.1:PORT/stocks}): Polygon's protocol
 * (polygon.md, "WebSocket") over a real websocket server on loopback, replaying one session of
 * minute aggregates ({@code AM}) as {@link SessionReplay} says.
 *
 * <p>Protocol: a new connection gets {@code connected}; {@code {"action":"auth","params":KEY}} gets
 * {@code auth_success} or {@code auth_failed} (and a close); a second connection authenticating
 * with the same key knocks the older one off with {@code max_connections}, as Polygon does; {@code
 * subscribe} gets one {@code success} per channel, or {@code error} for a channel other than {@code
 * AM.SYMBOL} / {@code AM.*}, and {@code auth_required} before auth. Frames are JSON arrays; the
 * elements that go out at the same session second share a frame, each connection receiving those of
 * the symbols it subscribed to.
 *
 * <p>The replay starts at the first subscription and runs on its own {@link ReplayClock}: from one
 * minute before the open until the last re-send after the close. What it sent is kept ({@link
 * #sent()}) for tests to compare with what pitlake stored.
 */
public final class PolygonWebSocketServer implements AutoCloseable {

  /**
   * One element the replay sent.
   *
   * @param sentAt on the replay's clock
   * @param sentWallMillis on the wall clock, for latency measurements
   */
  public record SentBar(
      String symbol,
      long startMillis,
      double o,
      double h,
      double l,
      double c,
      long v,
      double vw,
      Instant sentAt,
      long sentWallMillis,
      Kind kind) {

    /** Why it went out. */
    public enum Kind {
      /** The first and only send of the bar, its settled values. */
      FINAL,
      /** Preliminary values, revised later. */
      PRELIMINARY,
      /** The settled values after a preliminary send. */
      REVISED,
      /** The settled values a second time, unchanged. */
      RESENT
    }
  }

  private static final Pattern CHANNEL = Pattern.compile("^AM\\.([A-Z][A-Z0-9.\\-]*|\\*)$");
  private static final Duration LEAD = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String apiKey;
  private final SessionReplay replay;
  private final BiFunction<String, LocalDate, List<SimulatedBar>> minuteBars;
  private final TradingSession hours;
  private final ReplayClock clock;
  private final Server server;
  private final List<SentBar> sent = new CopyOnWriteArrayList<>();
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch replayed = new CountDownLatch(1);
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger kicked = new AtomicInteger();
  private final AtomicInteger malformed = new AtomicInteger();
  private final AtomicInteger disconnects = new AtomicInteger();
  private final SplittableRandom chaos;
  private volatile Thread player;
  private volatile boolean closed;

  /**
   * @param minuteBars the REST simulator's settled minute bars of a symbol and session
   */
  PolygonWebSocketServer(
      String apiKey,
      SessionReplay replay,
      BiFunction<String, LocalDate, List<SimulatedBar>> minuteBars) {
    this.apiKey = apiKey;
    this.replay = replay;
    this.minuteBars = minuteBars;
    this.hours = NyseCalendar.instance().session(replay.session()).orElseThrow();
    this.clock =
        new ReplayClock(UUID.randomUUID().toString(), hours.open().minus(LEAD), replay.speed());
    this.server = new Server(new InetSocketAddress("127.0.0.1", 0));
    this.chaos = new SplittableRandom(replay.seed() ^ 0x6a09e667f3bcc909L);
  }

  /** Binds 127.0.0.1 on an ephemeral port and starts serving. */
  PolygonWebSocketServer start() {
    server.setReuseAddr(true);
    server.setDaemon(true);
    server.start();
    try {
      checkState(started.await(10, TimeUnit.SECONDS), "the websocket server did not start");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the websocket server started", e);
    }
    return this;
  }

  /** {@code ws://127.0.0.1:PORT/stocks}. */
  public String url() {
    return "ws://127.0.0.1:" + server.getPort() + "/stocks";
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
    return List.copyOf(sent);
  }

  /** Connections accepted so far. */
  public int connectionCount() {
    return connections.get();
  }

  /** Connections knocked off by a newer one on the same key. */
  public int kickedCount() {
    return kicked.get();
  }

  /** Waits until the replay sent its last element. */
  public boolean awaitReplayed(Duration timeout) throws InterruptedException {
    return replayed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether the replay has started. */
  public boolean replaying() {
    return clock.begun();
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

  /** What one connection did so far; guarded by the connection's object. */
  private static final class Client {
    volatile boolean authenticated;
    volatile boolean allSymbols;
    final Set<String> symbols = ConcurrentHashMap.newKeySet();
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
      String path = handshake.getResourceDescriptor();
      if (!"/stocks".equals(path)) {
        conn.close(1008, "the simulator serves /stocks only, not " + path);
        return;
      }
      conn.setAttachment(new Client());
      conn.send(status("connected", "Connected Successfully"));
    }

    @Override
    public void onMessage(WebSocket conn, String text) {
      Client client = conn.getAttachment();
      if (client == null) {
        return;
      }
      JsonNode message;
      try {
        message = JSON.readTree(text);
      } catch (IOException e) {
        conn.send(status("error", "message is not valid JSON"));
        return;
      }
      String action = message.path("action").asText("");
      String params = message.path("params").asText("");
      switch (action) {
        case "auth" -> auth(conn, client, params);
        case "subscribe" -> subscribe(conn, client, params);
        case "unsubscribe" -> {
          for (String channel : params.split(",")) {
            client.symbols.remove(channel.strip().replaceFirst("^AM\\.", ""));
            conn.send(status("success", "unsubscribed to: " + channel.strip()));
          }
        }
        default -> conn.send(status("error", "unknown action: " + action));
      }
    }

    private void auth(WebSocket conn, Client client, String key) {
      if (!apiKey.equals(key)) {
        conn.send(status("auth_failed", "authentication failed"));
        conn.close(1008, "authentication failed");
        return;
      }
      // One connection per key: the newer one stays, as at Polygon.
      for (WebSocket other : getConnections()) {
        Client otherClient = other.getAttachment();
        if (other != conn && otherClient != null && otherClient.authenticated) {
          otherClient.authenticated = false;
          kicked.incrementAndGet();
          other.send(
              status(
                  "max_connections",
                  "Maximum number of websocket connections exceeded. You have reached the"
                      + " connection limit for your account."));
          other.close(1008, "max_connections");
        }
      }
      client.authenticated = true;
      conn.send(status("auth_success", "authenticated"));
    }

    private void subscribe(WebSocket conn, Client client, String params) {
      if (!client.authenticated) {
        conn.send(status("auth_required", "authentication required"));
        return;
      }
      List<String> accepted = new ArrayList<>();
      for (String raw : params.split(",")) {
        String channel = raw.strip();
        var m = CHANNEL.matcher(channel);
        if (!m.matches()) {
          conn.send(status("error", "the simulator streams AM.SYMBOL only, not: " + channel));
          continue;
        }
        if ("*".equals(m.group(1))) {
          client.allSymbols = true;
        } else {
          client.symbols.add(m.group(1));
          accepted.add(m.group(1));
        }
        conn.send(status("success", "subscribed to: " + channel));
      }
      startReplay(accepted);
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

    @Override
    public void onError(@Nullable WebSocket conn, Exception ex) {}
  }

  private synchronized void startReplay(List<String> subscribed) {
    if (player != null || closed) {
      return;
    }
    List<String> symbols = replay.symbols().isEmpty() ? subscribed : replay.symbols();
    if (symbols.isEmpty()) {
      return;
    }
    List<Scheduled> schedule = schedule(symbols);
    Thread thread = new Thread(() -> play(schedule), "polygon-ws-replay");
    thread.setDaemon(true);
    player = thread;
    clock.begin();
    thread.start();
  }

  /** One element due at a session instant. */
  private record Scheduled(Instant at, String symbol, SimulatedBar bar, SentBar.Kind kind) {}

  private List<Scheduled> schedule(List<String> symbols) {
    List<Scheduled> events = new ArrayList<>();
    for (String symbol : new LinkedHashSet<>(symbols)) {
      List<SimulatedBar> bars = minuteBars.apply(symbol, replay.session());
      for (int i = 0; i < bars.size(); i++) {
        SimulatedBar bar = bars.get(i);
        SplittableRandom random =
            new SplittableRandom(replay.seed() * 1_000_003L + symbol.hashCode() * 7_919L + i);
        Instant end = Instant.ofEpochMilli(bar.t()).plus(Duration.ofMinutes(1));
        Instant first = end.plusMillis(1_000 + random.nextInt(1_500));
        Instant later = first.plus(Duration.ofMinutes(1 + random.nextInt(15)));
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
    }
    events.sort(Comparator.comparing(Scheduled::at));
    return events;
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
    // Day figures of each symbol so far (av, a), as Polygon puts them on every AM element.
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
        long waitNanos = clock.nanosUntil(frame.get(0).at());
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
    List<String> rendered = new ArrayList<>(frame.size());
    for (Scheduled event : frame) {
      SimulatedBar bar = event.bar();
      double[] figures = day.computeIfAbsent(event.symbol(), s -> new double[] {0, 0, bar.o()});
      if (event.kind() == SentBar.Kind.FINAL || event.kind() == SentBar.Kind.PRELIMINARY) {
        figures[0] += bar.v();
        figures[1] += bar.v() * bar.vw();
      }
      rendered.add(element(event.symbol(), bar, figures));
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
              clock.instant(),
              System.currentTimeMillis(),
              event.kind()));
    }
    for (WebSocket conn : server.getConnections()) {
      Client client = conn.getAttachment();
      if (client == null || !client.authenticated || !conn.isOpen()) {
        continue;
      }
      List<String> mine = new ArrayList<>();
      for (int k = 0; k < frame.size(); k++) {
        if (client.allSymbols || client.symbols.contains(frame.get(k).symbol())) {
          mine.add(rendered.get(k));
        }
      }
      if (!mine.isEmpty()) {
        send(conn, "[" + String.join(",", mine) + "]");
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
      if (disconnects.incrementAndGet() % 2 == 0) {
        conn.send(status("force_disconnect", "the simulator drops this connection"));
        conn.close(1000, "force_disconnect");
      } else {
        // Abruptly, without a close frame, but only after what was sent before went out.
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        while (conn.hasBufferedData() && System.nanoTime() < end) {
          Thread.onSpinWait();
        }
        conn.closeConnection(1006, "the simulator drops this connection abruptly");
      }
      return;
    }
    if (chaos.nextDouble() < replay.malformedRate()) {
      malformed.incrementAndGet();
      conn.send(frame.substring(0, frame.length() / 2));
    }
    conn.send(frame);
  }

  /** Frames preceded by a malformed copy so far (chaos). */
  public int malformedCount() {
    return malformed.get();
  }

  /** Connections the replay dropped so far (chaos). */
  public int disconnectCount() {
    return disconnects.get();
  }

  private static String element(String symbol, SimulatedBar bar, double[] day) {
    long volume = (long) bar.v();
    return json(
        json -> {
          json.writeStartObject();
          json.writeStringField("ev", "AM");
          json.writeStringField("sym", symbol);
          json.writeNumberField("v", volume);
          json.writeNumberField("av", (long) day[0]);
          json.writeNumberField("op", day[2]);
          json.writeNumberField("vw", bar.vw());
          json.writeNumberField("o", bar.o());
          json.writeNumberField("c", bar.c());
          json.writeNumberField("h", bar.h());
          json.writeNumberField("l", bar.l());
          json.writeNumberField("a", day[0] > 0 ? SimulatedMarket.round4(day[1] / day[0]) : 0);
          json.writeNumberField("z", bar.n() > 0 ? volume / bar.n() : 0);
          json.writeNumberField("s", bar.t());
          json.writeNumberField("e", bar.t() + 60_000);
          json.writeEndObject();
        });
  }

  private static String status(String status, String message) {
    return json(
        json -> {
          json.writeStartArray();
          json.writeStartObject();
          json.writeStringField("ev", "status");
          json.writeStringField("status", status);
          json.writeStringField("message", message);
          json.writeEndObject();
          json.writeEndArray();
        });
  }

  /** One JSON document as text; the simulators' REST bodies are written the same way. */
  private static String json(HttpResponses.JsonWriter writer) {
    return new String(HttpResponses.json(writer), StandardCharsets.UTF_8);
  }
}
