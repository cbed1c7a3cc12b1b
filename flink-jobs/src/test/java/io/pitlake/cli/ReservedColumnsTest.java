package io.pitlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReservedColumnsTest {

  @Test
  void quotesBareOpenAndCloseColumns() {
    assertThat(ReservedColumns.quote("SELECT symbol, close, g.open FROM gold.x g ORDER BY CLOSE"))
        .isEqualTo("SELECT symbol, `close`, g.`open` FROM gold.x g ORDER BY `CLOSE`");
  }

  @Test
  void leavesLiteralsQuotedNamesCommentsAndLongerWordsAlone() {
    String sql =
        "SELECT `close`, 'close', closed, close_5 -- close\nFROM t /* open */ WHERE s = 'it''s open'";
    assertThat(ReservedColumns.quote(sql)).isEqualTo(sql);
  }
}
