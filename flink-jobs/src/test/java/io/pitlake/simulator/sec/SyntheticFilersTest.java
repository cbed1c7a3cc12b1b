package io.pitlake.simulator.sec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SyntheticFilersTest {

  @Test
  @DisplayName(
      "the first filers are AAPL, MSFT, NVDA under their CIKs, then SY filers, the same twice")
  void deterministicIdentities() {
    List<SimulatedFiler> filers = SyntheticFilers.first(5);

    assertThat(filers)
        .extracting(SimulatedFiler::ticker)
        .containsExactly("AAPL", "MSFT", "NVDA", "SY0003", "SY0004");
    assertThat(filers.get(0).cik()).isEqualTo(320193);
    assertThat(filers.get(3).cik()).isEqualTo(9_000_003);
    assertThat(SyntheticFilers.first(5)).isEqualTo(filers);
  }

  @Test
  @DisplayName("filings include Friday after-close acceptances, post-cut-off dating and one 10-K/A")
  void filingsCoverTheTimingCases() {
    List<SimulatedFiling> filings =
        SyntheticFilers.first(3).stream().flatMap(f -> f.filings().stream()).toList();

    assertThat(filings)
        .anyMatch(
            f ->
                f.acceptedNewYork().getDayOfWeek() == DayOfWeek.FRIDAY
                    && f.acceptedNewYork().toLocalTime().isAfter(LocalTime.of(16, 0)));
    assertThat(filings)
        .filteredOn(f -> !f.acceptedNewYork().toLocalTime().isBefore(LocalTime.of(17, 30)))
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.filingDate()).isAfter(f.acceptedNewYork().toLocalDate()));
    assertThat(SyntheticFilers.filer(0).filings())
        .filteredOn(f -> f.form().equals("10-K/A"))
        .singleElement()
        .satisfies(f -> assertThat(f.reportDate()).isEqualTo(LocalDate.of(2019, 12, 31)));
  }

  @Test
  @DisplayName("the 10-K/A restates the third quarter's revenue 3% lower; later filings repeat it")
  void amendmentRestatesAQuarter() {
    SimulatedFiler apple = SyntheticFilers.filer(0);
    LocalDate q3End = LocalDate.of(2019, 9, 30);
    List<Double> q3Revenue =
        apple.facts().stream()
            .filter(
                f ->
                    f.concept().equals("Revenues")
                        && q3End.equals(f.end())
                        && LocalDate.of(2019, 7, 1).equals(f.start()))
            .map(SimulatedFact::val)
            .toList();

    assertThat(q3Revenue).as("10-Q, 10-K/A, next year's 10-Q comparative").hasSize(3);
    assertThat(q3Revenue.get(1))
        .isCloseTo(q3Revenue.get(0) * 0.97, org.assertj.core.data.Offset.offset(1.0));
    assertThat(q3Revenue.get(2)).isEqualTo(q3Revenue.get(1));
    assertThatThrownBy(() -> SecSimulator.builder().syntheticFilers(-1).build())
        .hasMessageContaining("syntheticFilers -1 must be 0..9999");
  }
}
