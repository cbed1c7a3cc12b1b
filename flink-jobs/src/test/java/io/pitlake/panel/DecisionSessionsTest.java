package io.pitlake.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DecisionSessionsTest {

  @Test
  @DisplayName("a filing known after Thursday's close first decides Friday's session")
  void afterTheCloseDecidesFromTheNextSession() {
    // SNOW's 10-Q: accepted Thursday 2023-06-01 18:02:11 New York, known a minute later.
    List<DecisionSessions.Session> sessions =
        DecisionSessions.between(
            Instant.parse("2023-06-01T22:03:11Z"),
            Instant.parse("2023-06-07T00:00:00Z"),
            Duration.ZERO);

    assertThat(sessions)
        .extracting(DecisionSessions.Session::date)
        .containsExactly(
            LocalDate.parse("2023-06-02"),
            LocalDate.parse("2023-06-05"),
            LocalDate.parse("2023-06-06"));
    assertThat(sessions.get(0).decisionAt()).isEqualTo(Instant.parse("2023-06-02T20:00:00Z"));
    assertThat(sessions)
        .extracting(DecisionSessions.Session::daysSinceKnown)
        .containsExactly(1, 4, 5);
  }

  @Test
  @DisplayName("known exactly at the close decides that session; the offset moves the instant")
  void theDecisionInstantIsTheCloseplusTheOffset() {
    Instant close = Instant.parse("2023-06-02T20:00:00Z");
    Instant weekAfter = Instant.parse("2023-06-09T00:00:00Z");

    assertThat(DecisionSessions.between(close, weekAfter, Duration.ZERO).get(0).date())
        .isEqualTo(LocalDate.parse("2023-06-02"));
    assertThat(
            DecisionSessions.between(
                    close.minusSeconds(60 * 15), weekAfter, Duration.ofMinutes(-30))
                .get(0)
                .date())
        .as("known 15:45, decided at 15:30: the next session")
        .isEqualTo(LocalDate.parse("2023-06-05"));
  }

  @Test
  @DisplayName("an early close decides at 13:00 New York")
  void earlyClose() {
    // The day after Thanksgiving 2023 closed at 13:00 New York (18:00 UTC).
    List<DecisionSessions.Session> sessions =
        DecisionSessions.between(
            Instant.parse("2023-11-24T18:30:00Z"),
            Instant.parse("2023-11-28T00:00:00Z"),
            Duration.ZERO);

    assertThat(sessions)
        .extracting(DecisionSessions.Session::date)
        .containsExactly(LocalDate.parse("2023-11-27"));
  }

  @Test
  @DisplayName("a snapshot is carried at most 400 days, with or without a successor")
  void carriedAtMostMaxCarry() {
    Instant known = Instant.parse("2020-01-02T12:00:00Z");
    List<DecisionSessions.Session> alone = DecisionSessions.between(known, null, Duration.ZERO);
    List<DecisionSessions.Session> later =
        DecisionSessions.between(known, Instant.parse("2023-01-01T00:00:00Z"), Duration.ZERO);

    assertThat(alone).isEqualTo(later);
    assertThat(alone.get(alone.size() - 1).decisionAt())
        .isBefore(known.plus(DecisionSessions.MAX_CARRY));
    assertThat(alone.get(0).date()).isEqualTo(LocalDate.parse("2020-01-02"));
    assertThatThrownBy(() -> DecisionSessions.between(known, known.minusSeconds(1), Duration.ZERO))
        .hasMessageContaining("ends");
  }
}
