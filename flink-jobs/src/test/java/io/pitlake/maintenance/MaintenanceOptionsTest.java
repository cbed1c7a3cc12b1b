package io.pitlake.maintenance;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class MaintenanceOptionsTest {

  @Test
  void theDefaultsAreValid() {
    assertThatCode(() -> MaintenanceOptions.validate(new Configuration()))
        .doesNotThrowAnyException();
  }

  @Test
  void aLiveRetentionShorterThanTheOrphanAgeNamesBothOptions() {
    Configuration options = new Configuration();
    options.set(MaintenanceOptions.LIVE_SNAPSHOT_RETENTION, Duration.ofDays(1));
    assertThatThrownBy(() -> MaintenanceOptions.validate(options))
        .hasMessageContaining("maintain.live-snapshot-retention (PT24H) must be at least")
        .hasMessageContaining("maintain.orphan-age (PT72H)");
    options.set(MaintenanceOptions.ORPHAN_AGE, Duration.ofDays(1));
    assertThatCode(() -> MaintenanceOptions.validate(options)).doesNotThrowAnyException();
  }

  @Test
  void aNegativeExpiryIntervalIsRefusedAndZeroTurnsItOff() {
    Configuration options = new Configuration();
    options.set(MaintenanceOptions.LIVE_EXPIRY_INTERVAL, Duration.ofSeconds(-1));
    assertThatThrownBy(() -> MaintenanceOptions.validate(options))
        .hasMessageContaining("maintain.live-expiry-interval must not be negative");
    options.set(MaintenanceOptions.LIVE_EXPIRY_INTERVAL, Duration.ZERO);
    assertThatCode(() -> MaintenanceOptions.validate(options)).doesNotThrowAnyException();
  }
}
