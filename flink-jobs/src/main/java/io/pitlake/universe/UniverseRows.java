package io.pitlake.universe;

import io.pitlake.job.keyed.KeyedComputation;
import io.pitlake.job.keyed.KeyedView;
import io.pitlake.panel.DecisionSessions;
import io.pitlake.panel.PanelOptions;
import io.pitlake.time.NyseCalendar;
import io.pitlake.time.TradingSession;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.annotation.Nullable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * The rows of {@code gold.universe_daily} ({@code sql/gold/universe_daily.sql}): per index, session
 * and member, the membership as known at the session's decision instant, resolved to a security
 * through the security master as known then.
 *
 * <p>Input ({@code universe_inputs}, told apart by {@code kind}): every {@code
 * silver.index_membership} version ({@value #MEMBERSHIP}), every Polygon {@code
 * silver.security_master} state ({@value #MASTER}) and every session the lake has a bar of with its
 * first bar's instant ({@value #SESSION}, {@link UniverseSessions}).
 *
 * <ul>
 *   <li><b>Membership at a session.</b> For index, member and effective_from, the version with the
 *       newest {@code available_at} at or before the decision instant (then the highest version);
 *       the member is in on sessions {@code effective_from <= session < effective_to}. A member in
 *       twice on one session (overlapping lines) is one row, the earlier effective_from's. Sessions
 *       of a past membership stay: a delisted member is in the universes it was in.
 *   <li><b>Security.</b> A member given by ticker is the security whose state (known at the
 *       decision instant) had that ticker on or before its effective_from, the latest such; if the
 *       master knows none that early, the latest holder of the ticker by the session. So after OLDC
 *       became NEWC, a membership filed as OLDC is still the same security, and its row says NEWC.
 *       A member given by CIK is the smallest security id among the states with that CIK. The row's
 *       ticker and CIK are the security's state on the session as known then.
 *   <li><b>Time.</b> {@code available_at} is the later of the decision instant and the session's
 *       first bar's {@code available_at}, so a build on the inputs known by T writes exactly the
 *       full build's rows known by T; {@code ingested_at} the newest of the inputs used.
 * </ul>
 *
 * <p>Why one key: which version is newest at an instant and which state holds a ticker depend on
 * other rows; as SQL joins those retract in streaming. Every index is computed together, once, as a
 * pure function of its inputs in any order ({@link KeyedView}): memberships and states are a few
 * thousand rows, sessions one per day.
 */
public final class UniverseRows implements KeyedComputation {

  private static final long serialVersionUID = 1L;

  /** The view the SQL file reads; one key, {@code universe}, for every index. */
  public static final KeyedView VIEW =
      new KeyedView("universe_rows", "universe_inputs", List.of("universe"), new UniverseRows());

  static final String MEMBERSHIP = "membership";
  static final String MASTER = "master";
  static final String SESSION = "session";

  private transient Duration offset;

  @Override
  public void open(Map<String, String> jobParameters) {
    offset = PanelOptions.decisionOffset(jobParameters);
  }

  @Override
  public TypeInformation<Row> outputType() {
    return Types.ROW_NAMED(
        new String[] {
          "index_id",
          "session_date",
          "constituent",
          "available_at",
          "decision_at",
          "security_id",
          "ticker",
          "cik",
          "effective_from",
          "membership_version",
          "event_time",
          "ingested_at"
        },
        Types.STRING,
        Types.LOCAL_DATE,
        Types.STRING,
        Types.INSTANT,
        Types.INSTANT,
        Types.STRING,
        Types.STRING,
        Types.LONG,
        Types.LOCAL_DATE,
        Types.INT,
        Types.INSTANT,
        Types.INSTANT);
  }

  /** A security master state, as a set member: a state can reach the view more than once. */
  private record State(
      String securityId,
      LocalDate validFrom,
      String ticker,
      @Nullable Long cik,
      Instant availableAt,
      Instant ingestedAt) {}

  /** A session the lake has bars of. */
  private record Session(
      LocalDate date, Instant decisionAt, Instant firstKnown, Instant ingested) {}

  /** A member on a session, before it is resolved. */
  private record Candidate(Row version, Session session) {}

  private static final Comparator<State> LATEST =
      Comparator.comparing(State::validFrom)
          .thenComparing(State::availableAt)
          .thenComparing(State::securityId, Comparator.reverseOrder())
          .thenComparing(State::ticker);

  private static final Comparator<Row> VERSION_ORDER =
      Comparator.<Row, Instant>comparing(r -> (Instant) r.getField("available_at"))
          .thenComparing(r -> (Integer) r.getField("version"));

  @Override
  public void compute(List<Row> inputs, Consumer<Row> out) {
    Duration decisionOffset = offset == null ? PanelOptions.DECISION_OFFSET.defaultValue() : offset;
    NavigableMap<LocalDate, Session> sessions = new TreeMap<>();
    Map<List<Object>, List<Row>> memberships =
        new TreeMap<>(Comparator.comparing(Object::toString));
    Set<State> states = new LinkedHashSet<>();
    NyseCalendar calendar = NyseCalendar.instance();
    for (Row row : inputs) {
      String kind = (String) row.getField("kind");
      switch (Objects.requireNonNull(kind, "universe_inputs row without kind")) {
        case SESSION -> {
          LocalDate date = (LocalDate) row.getField("session_date");
          Optional<TradingSession> session =
              calendar.supports(date) ? calendar.session(date) : Optional.empty();
          session.ifPresent(
              s ->
                  sessions.put(
                      date,
                      new Session(
                          date,
                          DecisionSessions.decisionAt(s, decisionOffset),
                          (Instant) row.getField("available_at"),
                          (Instant) row.getField("ingested_at"))));
        }
        case MEMBERSHIP ->
            memberships
                .computeIfAbsent(
                    List.of(
                        row.getField("index_id"),
                        row.getField("constituent"),
                        row.getField("effective_from")),
                    k -> new ArrayList<>())
                .add(row);
        case MASTER ->
            states.add(
                new State(
                    (String) row.getField("security_id"),
                    (LocalDate) row.getField("valid_from"),
                    (String) row.getField("ticker"),
                    (Long) row.getField("cik"),
                    (Instant) row.getField("available_at"),
                    (Instant) row.getField("ingested_at")));
        default ->
            throw new IllegalArgumentException(
                String.format(
                    "universe_inputs row of kind %s: the SQL must give kind '%s', '%s' or '%s'",
                    kind, MEMBERSHIP, MASTER, SESSION));
      }
    }
    Map<List<Object>, Candidate> members = new TreeMap<>(Comparator.comparing(Object::toString));
    for (List<Row> versions : memberships.values()) {
      versions.sort(VERSION_ORDER);
      for (int i = 0; i < versions.size(); i++) {
        Row version = versions.get(i);
        Instant from = (Instant) version.getField("available_at");
        Instant until =
            i + 1 < versions.size() ? (Instant) versions.get(i + 1).getField("available_at") : null;
        if (from.equals(until)) {
          continue; // a higher version known at the same instant supersedes this one at once
        }
        for (Session session : sessionsIn(sessions, version, from, until, decisionOffset)) {
          Candidate candidate = new Candidate(version, session);
          members.merge(
              List.of(
                  version.getField("index_id"), session.date(), version.getField("constituent")),
              candidate,
              (a, b) -> effectiveFrom(a).isAfter(effectiveFrom(b)) ? b : a);
        }
      }
    }
    Map<String, List<State>> byTicker = new HashMap<>();
    Map<Long, List<State>> byCik = new HashMap<>();
    Map<String, List<State>> bySecurity = new HashMap<>();
    for (State state : states) {
      byTicker.computeIfAbsent(state.ticker(), k -> new ArrayList<>()).add(state);
      if (state.cik() != null) {
        byCik.computeIfAbsent(state.cik(), k -> new ArrayList<>()).add(state);
      }
      bySecurity.computeIfAbsent(state.securityId(), k -> new ArrayList<>()).add(state);
    }
    for (Candidate candidate : members.values()) {
      out.accept(resolve(candidate, byTicker, byCik, bySecurity));
    }
  }

  /**
   * The sessions of {@code version}'s membership whose decision instant falls in {@code [from,
   * until)}, the time this version is the newest known.
   */
  private static List<Session> sessionsIn(
      NavigableMap<LocalDate, Session> sessions,
      Row version,
      Instant from,
      @Nullable Instant until,
      Duration offset) {
    LocalDate first = (LocalDate) version.getField("effective_from");
    LocalDate earliest = from.minus(offset).atZone(NyseCalendar.ZONE).toLocalDate().minusDays(1);
    if (earliest.isAfter(first)) {
      first = earliest;
    }
    LocalDate end = (LocalDate) version.getField("effective_to");
    NavigableMap<LocalDate, Session> range =
        end == null ? sessions.tailMap(first, true) : sessions.subMap(first, true, end, false);
    List<Session> in = new ArrayList<>();
    for (Session session : range.values()) {
      if (until != null && !session.decisionAt().isBefore(until)) {
        break; // decision instants grow with the session
      }
      if (!session.decisionAt().isBefore(from)) {
        in.add(session);
      }
    }
    return in;
  }

  private static LocalDate effectiveFrom(Candidate candidate) {
    return (LocalDate) candidate.version().getField("effective_from");
  }

  private static Row resolve(
      Candidate candidate,
      Map<String, List<State>> byTicker,
      Map<Long, List<State>> byCik,
      Map<String, List<State>> bySecurity) {
    Row version = candidate.version();
    Session session = candidate.session();
    Instant decision = session.decisionAt();
    String symbol = (String) version.getField("symbol");
    Long cik = (Long) version.getField("cik");
    LocalDate effectiveFrom = effectiveFrom(candidate);
    State identity;
    if (symbol != null) {
      List<State> held = known(byTicker.get(symbol), decision, session.date()).toList();
      identity =
          held.stream()
              .filter(s -> !s.validFrom().isAfter(effectiveFrom))
              .max(LATEST)
              .orElseGet(() -> held.stream().max(LATEST).orElse(null));
    } else {
      identity =
          known(byCik.get(cik), decision, session.date())
              .min(Comparator.comparing(State::securityId).thenComparing(LATEST.reversed()))
              .orElse(null);
    }
    State current =
        identity == null
            ? null
            : known(bySecurity.get(identity.securityId()), decision, session.date())
                .max(LATEST)
                .orElse(identity);
    Instant ingested =
        Stream.of(
                (Instant) version.getField("ingested_at"),
                session.ingested(),
                identity == null ? null : identity.ingestedAt(),
                current == null ? null : current.ingestedAt())
            .filter(Objects::nonNull)
            .max(Comparator.naturalOrder())
            .orElseThrow();
    return Row.of(
        version.getField("index_id"),
        session.date(),
        version.getField("constituent"),
        session.firstKnown().isAfter(decision) ? session.firstKnown() : decision,
        decision,
        current == null ? null : current.securityId(),
        current == null ? symbol : current.ticker(),
        cik != null ? cik : current == null ? null : current.cik(),
        effectiveFrom,
        version.getField("version"),
        MembershipChange.startOfDay(session.date()),
        ingested);
  }

  /** The states of {@code states} known at {@code decision} that began by {@code day}. */
  private static Stream<State> known(
      @Nullable List<State> states, Instant decision, LocalDate day) {
    return states == null
        ? Stream.empty()
        : states.stream()
            .filter(s -> !s.availableAt().isAfter(decision) && !s.validFrom().isAfter(day));
  }
}
