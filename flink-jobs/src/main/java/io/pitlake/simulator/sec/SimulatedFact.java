package io.pitlake.simulator.sec;

import java.time.LocalDate;
import javax.annotation.Nullable;

/** One reported XBRL value the SEC simulator serves in a filer's companyfacts. */
public record SimulatedFact(
    String taxonomy,
    String concept,
    String label,
    String unit,
    @Nullable LocalDate start,
    LocalDate end,
    double val,
    String accn,
    int fy,
    String fp,
    String form,
    LocalDate filed,
    @Nullable String frame) {}
