package io.pitlake.simulator;

import java.time.LocalDate;

/** Key of per-bar settings (revisions, bad bars): one symbol on one date. */
record SymbolDate(String symbol, LocalDate date) {}
