package io.pitlake.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NyseCalendarTest {

  private static final NyseCalendar CALENDAR = NyseCalendar.instance();

  /** Full closures of the fixture, by date, with their names. */
  private static final Map<LocalDate, String> FIXTURE_CLOSED = new HashMap<>();

  /** Early closes of the fixture, by date, with their closing time. */
  private static final Map<LocalDate, LocalTime> FIXTURE_EARLY = new HashMap<>();

  @BeforeAll
  static void loadFixture() throws IOException {
    try (InputStream in =
        NyseCalendarTest.class.getResourceAsStream("/nyse-calendar-2012-2027.json")) {
      assertThat(in).as("test resource nyse-calendar-2012-2027.json").isNotNull();
      JsonNode fixture = new ObjectMapper().readTree(in);
      fixture
          .get("closed")
          .forEach(
              day ->
                  FIXTURE_CLOSED.put(
                      LocalDate.parse(day.get("date").asText()), day.get("name").asText()));
      fixture
          .get("earlyCloses")
          .forEach(
              day ->
                  FIXTURE_EARLY.put(
                      LocalDate.parse(day.get("date").asText()),
                      LocalTime.parse(day.get("close").asText())));
    }
    assertThat(FIXTURE_CLOSED).hasSize(153);
    assertThat(FIXTURE_EARLY).hasSize(35);
  }

  @Test
  @DisplayName("every date of 2012-2027 is closed, early or regular exactly as the fixture lists")
  void matchesFixtureOnEveryDate() {
    for (LocalDate date = LocalDate.of(2012, 1, 1);
        !date.isAfter(LocalDate.of(2027, 12, 31));
        date = date.plusDays(1)) {
      boolean weekend =
          date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
      boolean closed = weekend || FIXTURE_CLOSED.containsKey(date);
      assertThat(CALENDAR.isSession(date)).as("isSession(%s)", date).isEqualTo(!closed);
      Optional<TradingSession> session = CALENDAR.session(date);
      assertThat(session.isPresent()).as("session(%s) is present", date).isEqualTo(!closed);
      if (closed) {
        assertThat(CALENDAR.closureName(date))
            .as("closureName(%s)", date)
            .contains(weekend ? "Weekend" : FIXTURE_CLOSED.get(date));
        continue;
      }
      LocalTime expectedClose = FIXTURE_EARLY.getOrDefault(date, LocalTime.of(16, 0));
      assertThat(session.get().earlyClose())
          .as("earlyClose(%s)", date)
          .isEqualTo(FIXTURE_EARLY.containsKey(date));
      assertThat(session.get().open())
          .as("open(%s)", date)
          .isEqualTo(ZonedDateTime.of(date, LocalTime.of(9, 30), NyseCalendar.ZONE).toInstant());
      assertThat(session.get().close())
          .as("close(%s)", date)
          .isEqualTo(ZonedDateTime.of(date, expectedClose, NyseCalendar.ZONE).toInstant());
      assertThat(CALENDAR.closureName(date)).as("closureName(%s)", date).isEmpty();
    }
  }

  @Test
  @DisplayName("the UTC open moves by an hour across the March 2024 DST change")
  void sessionTimesFollowDaylightSaving() {
    TradingSession beforeDst = CALENDAR.session(LocalDate.of(2024, 3, 8)).orElseThrow();
    TradingSession afterDst = CALENDAR.session(LocalDate.of(2024, 3, 11)).orElseThrow();
    assertThat(beforeDst.open()).isEqualTo(Instant.parse("2024-03-08T14:30:00Z"));
    assertThat(beforeDst.close()).isEqualTo(Instant.parse("2024-03-08T21:00:00Z"));
    assertThat(afterDst.open()).isEqualTo(Instant.parse("2024-03-11T13:30:00Z"));
    assertThat(afterDst.close()).isEqualTo(Instant.parse("2024-03-11T20:00:00Z"));
    assertThat(CALENDAR.session(LocalDate.of(2024, 11, 29)).orElseThrow())
        .isEqualTo(
            new TradingSession(
                LocalDate.of(2024, 11, 29),
                Instant.parse("2024-11-29T14:30:00Z"),
                Instant.parse("2024-11-29T18:00:00Z"),
                true));
  }

  @Test
  @DisplayName("2023 has 250 sessions and 2024 has 252")
  void countsSessionsPerYear() {
    assertThat(CALENDAR.sessions(LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31)))
        .hasSize(250);
    assertThat(CALENDAR.sessions(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))
        .hasSize(252)
        .doesNotContain(LocalDate.of(2024, 7, 4))
        .startsWith(LocalDate.of(2024, 1, 2))
        .endsWith(LocalDate.of(2024, 12, 31))
        .isSorted();
  }

  @Test
  @DisplayName("sessionIndex counts sessions from 2000-01-03 and sessionAt inverts it")
  void sessionIndexIsConsecutiveAndInvertible() {
    assertThat(CALENDAR.sessionIndex(LocalDate.of(2000, 1, 3))).isZero();
    assertThat(CALENDAR.sessionIndex(LocalDate.of(2000, 1, 4))).isEqualTo(1);
    List<LocalDate> all =
        CALENDAR.sessions(NyseCalendar.FIRST_SUPPORTED_DATE, NyseCalendar.LAST_SUPPORTED_DATE);
    assertThat(all).hasSize(CALENDAR.sessionCount());
    for (int i = 0; i < all.size(); i++) {
      assertThat(CALENDAR.sessionIndex(all.get(i))).isEqualTo(i);
      assertThat(CALENDAR.sessionIndexIfSession(all.get(i))).hasValue(i);
      assertThat(CALENDAR.sessionAt(i)).isEqualTo(all.get(i));
    }
    assertThat(CALENDAR.sessionIndexIfSession(LocalDate.of(2024, 7, 4))).isEmpty();
    assertThat(
            CALENDAR.sessionIndex(LocalDate.of(2024, 7, 5))
                - CALENDAR.sessionIndex(LocalDate.of(2024, 7, 3)))
        .as("the holiday between two sessions takes no index")
        .isEqualTo(1);
  }

  @Test
  @DisplayName("sessionIndex of a closed day names the date and the holiday")
  void sessionIndexRejectsClosedDays() {
    assertThatThrownBy(() -> CALENDAR.sessionIndex(LocalDate.of(2024, 7, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2024-07-04")
        .hasMessageContaining("Independence Day");
    assertThatThrownBy(() -> CALENDAR.sessionIndex(LocalDate.of(2024, 7, 6)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2024-07-06")
        .hasMessageContaining("Weekend");
  }

  @Test
  @DisplayName("dates outside 2000-2099 are rejected with the date and the supported range")
  void rejectsDatesOutsideTheSupportedRange() {
    assertThatThrownBy(() -> CALENDAR.isSession(LocalDate.of(1999, 12, 31)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1999-12-31")
        .hasMessageContaining("2000-01-01..2099-12-31");
    assertThatThrownBy(() -> CALENDAR.session(LocalDate.of(2100, 1, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2100-01-04")
        .hasMessageContaining("2000-01-01..2099-12-31");
    assertThatThrownBy(
            () -> CALENDAR.sessions(LocalDate.of(2099, 12, 1), LocalDate.of(2100, 1, 31)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2100-01-31");
    assertThatThrownBy(() -> CALENDAR.sessionAt(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("session index -1");
    assertThatThrownBy(() -> CALENDAR.sessionAt(CALENDAR.sessionCount()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("session index " + CALENDAR.sessionCount());
    assertThat(CALENDAR.supports(LocalDate.of(1999, 12, 31))).isFalse();
    assertThat(CALENDAR.supports(LocalDate.of(2099, 12, 31))).isTrue();
  }

  @Test
  @DisplayName("extended hours end at 20:00 ET, or 17:00 ET on an early-close day")
  void extendedCloseIsFourHoursAfterTheClose() {
    assertThat(CALENDAR.extendedClose(LocalDate.of(2024, 7, 2)))
        .isEqualTo(Instant.parse("2024-07-03T00:00:00Z"));
    assertThat(CALENDAR.extendedClose(LocalDate.of(2024, 7, 3)))
        .isEqualTo(Instant.parse("2024-07-03T21:00:00Z"));
    assertThat(CALENDAR.extendedClose(LocalDate.of(2024, 11, 29)))
        .isEqualTo(Instant.parse("2024-11-29T22:00:00Z"));
    assertThatThrownBy(() -> CALENDAR.extendedClose(LocalDate.of(2024, 12, 25)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2024-12-25")
        .hasMessageContaining("Christmas Day");
  }

  @Test
  @DisplayName("rules before the fixture: 9/11, mourning days, pre-2013 July 5 and ad-hoc closes")
  void appliesRulesBeforeTheFixture() {
    assertThat(CALENDAR.sessions(LocalDate.of(2000, 1, 1), LocalDate.of(2000, 1, 7)))
        .first()
        .isEqualTo(LocalDate.of(2000, 1, 3));
    for (int day = 11; day <= 14; day++) {
      assertThat(CALENDAR.isSession(LocalDate.of(2001, 9, day))).isFalse();
    }
    assertThat(CALENDAR.closureName(LocalDate.of(2004, 6, 11))).contains("Reagan mourning");
    assertThat(CALENDAR.closureName(LocalDate.of(2007, 1, 2))).contains("Ford mourning");
    assertThat(CALENDAR.closureName(LocalDate.of(2008, 3, 21))).contains("Good Friday");
    assertThat(CALENDAR.isSession(LocalDate.of(2010, 12, 31)))
        .as("a Saturday New Year's Day is not observed")
        .isTrue();
    assertThat(CALENDAR.isSession(LocalDate.of(2021, 6, 18)))
        .as("Juneteenth is observed only from 2022")
        .isTrue();
    assertThat(earlyClose(LocalDate.of(2002, 7, 5))).as("July 5 after a Thursday July 4").isTrue();
    assertThat(earlyClose(LocalDate.of(2002, 7, 3))).as("Wednesday July 3 before 2013").isFalse();
    assertThat(earlyClose(LocalDate.of(2019, 7, 3))).as("Wednesday July 3 since 2013").isTrue();
    assertThat(earlyClose(LocalDate.of(2019, 7, 5)))
        .as("no July 5 early close since 2013")
        .isFalse();
    assertThat(earlyClose(LocalDate.of(2003, 12, 26))).as("ad hoc").isTrue();
    assertThat(earlyClose(LocalDate.of(2008, 7, 3))).as("Thursday July 3").isTrue();
    assertThat(CALENDAR.previousSession(LocalDate.of(2024, 7, 5)))
        .contains(LocalDate.of(2024, 7, 3));
    assertThat(CALENDAR.previousSession(LocalDate.of(2000, 1, 3))).isEmpty();
  }

  @Test
  @DisplayName("NyseRules computes Gregorian Easter")
  void computesEaster() {
    assertThat(NyseRules.easterSunday(2000)).isEqualTo(LocalDate.of(2000, 4, 23));
    assertThat(NyseRules.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
    assertThat(NyseRules.easterSunday(2038)).isEqualTo(LocalDate.of(2038, 4, 25));
    assertThat(NyseRules.easterSunday(2008)).isEqualTo(LocalDate.of(2008, 3, 23));
  }

  @Test
  @DisplayName("a deserialized calendar is the singleton")
  void serializesToTheSingleton() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(CALENDAR);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isSameAs(CALENDAR);
    }
  }

  @Test
  @DisplayName("the SQL functions map dates to indexes and back, NULL where there is none")
  void sqlFunctionsReturnNullWhereThereIsNoSession() {
    NyseSessionIndexFunction index = new NyseSessionIndexFunction();
    NyseSessionDateFunction date = new NyseSessionDateFunction();
    assertThat(index.eval(LocalDate.of(2000, 1, 3))).isZero();
    assertThat(index.eval(LocalDate.of(2024, 7, 4))).isNull();
    assertThat(index.eval(LocalDate.of(1999, 12, 31))).isNull();
    assertThat(index.eval(null)).isNull();
    assertThat(date.eval(index.eval(LocalDate.of(2024, 7, 5)) - 1))
        .isEqualTo(LocalDate.of(2024, 7, 3));
    assertThat(date.eval(null)).isNull();
    assertThat(date.eval(-1)).isNull();
    assertThat(date.eval(CALENDAR.sessionCount())).isNull();
  }

  @Test
  @DisplayName("the SQL functions register and type as INT and DATE in Flink SQL")
  void sqlFunctionsRegisterInFlinkSql() {
    TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    tableEnv.executeSql(
        "CREATE TEMPORARY SYSTEM FUNCTION nyse_session_index AS"
            + " 'io.pitlake.time.NyseSessionIndexFunction'");
    tableEnv.executeSql(
        "CREATE TEMPORARY SYSTEM FUNCTION nyse_session_date AS"
            + " 'io.pitlake.time.NyseSessionDateFunction'");
    Table query =
        tableEnv.sqlQuery(
            "SELECT nyse_session_index(DATE '2024-07-05') AS idx,"
                + " nyse_session_date(nyse_session_index(DATE '2024-07-05') - 1) AS previous_session");
    assertThat(query.getResolvedSchema().getColumnDataTypes())
        .containsExactly(DataTypes.INT(), DataTypes.DATE());
  }

  private static boolean earlyClose(LocalDate date) {
    return CALENDAR.session(date).orElseThrow().earlyClose();
  }
}
