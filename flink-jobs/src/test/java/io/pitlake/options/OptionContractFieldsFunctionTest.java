package io.pitlake.options;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class OptionContractFieldsFunctionTest {

  @Test
  void readsEveryFieldOfAListingInOnePassWhateverTheOrder() {
    Row row =
        fields(
            "{\"primary_exchange\":\"BATO\",\"cfi\":\"OCASPS\",\"strike_price\":162.5,"
                + "\"additional_underlyings\":[{\"type\":\"equity\",\"underlying\":\"XYZ\","
                + "\"amount\":7}],\"contract_type\":\"call\",\"exercise_style\":\"american\","
                + "\"expiration_date\":\"2024-06-21\",\"shares_per_contract\":100,"
                + "\"ticker\":\"O:XYZ1240621C00162500\",\"underlying_ticker\":\"XYZ\"}");

    assertThat(row)
        .isEqualTo(
            Row.of(
                "O:XYZ1240621C00162500",
                "XYZ",
                "2024-06-21",
                "call",
                "162.5",
                "100",
                "[{\"type\":\"equity\",\"underlying\":\"XYZ\",\"amount\":7}]",
                "american",
                "BATO"));
  }

  @Test
  void aMissingNullOrWrongKindOfFieldIsNullAndTheOthersStay() {
    Row row =
        fields(
            "{\"ticker\":{\"x\":1},\"underlying_ticker\":null,\"strike_price\":[1],"
                + "\"additional_underlyings\":\"none\",\"shares_per_contract\":\"100\","
                + "\"exercise_style\":true}");

    assertThat(row).isEqualTo(Row.of(null, null, null, null, null, "100", null, "true", null));
    assertThat(fields("{\"additional_underlyings\":[]}").getField(6)).isEqualTo("[]");
  }

  @Test
  void aPayloadThatIsNotAnObjectGivesARowOfNulls() {
    Row nulls = Row.of(new Object[OptionContractFieldsFunction.FIELDS.size()]);

    assertThat(fields("<html>oops</html>")).isEqualTo(nulls);
    assertThat(fields("{\"ticker\":\"O:XYZ240621C00162500\",\"strike_price\":")).isEqualTo(nulls);
    assertThat(fields("[1,2]")).isEqualTo(nulls);
    assertThat(fields(null)).isEqualTo(nulls);
  }

  private static Row fields(String payload) {
    return TableFunctionRows.oneRow(new OptionContractFieldsFunction(), f -> f.eval(payload));
  }
}
