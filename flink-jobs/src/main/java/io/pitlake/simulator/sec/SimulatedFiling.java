package io.pitlake.simulator.sec;

import java.time.LocalDate;
import java.time.LocalDateTime;
import javax.annotation.Nullable;

/**
 * One filing the SEC simulator serves in a filer's submissions.
 *
 * @param acceptedNewYork the acceptance time as New York wall clock, which the simulator writes the
 *     way EDGAR does: with a {@code Z} that does not mean UTC
 */
public record SimulatedFiling(
    String accessionNumber,
    String form,
    LocalDate filingDate,
    @Nullable LocalDate reportDate,
    LocalDateTime acceptedNewYork,
    String primaryDocument) {}
