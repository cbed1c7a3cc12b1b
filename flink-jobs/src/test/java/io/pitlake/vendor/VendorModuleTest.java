package io.pitlake.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.job.ingest.BronzeForm;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.table.PitlakeTables;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The one-place property of the vendor modules: every dataset is declared by exactly one vendor's
 * module, and everything that lists datasets or vendors derives from those declarations.
 */
class VendorModuleTest {

  @Test
  @DisplayName("every dataset is declared by exactly one vendor, and names that vendor")
  void everyDatasetIsDeclaredByExactlyOneVendor() {
    List<VendorDataset> declared = new ArrayList<>();
    for (VendorModule vendor : VendorModule.all()) {
      assertThat(vendor.datasets()).as(vendor.name()).isNotEmpty();
      assertThat(vendor.datasets())
          .as("%s declares only its own datasets", vendor.name())
          .allSatisfy(d -> assertThat(d.vendor()).isEqualTo(vendor.name()));
      declared.addAll(vendor.datasets());
    }

    assertThat(declared).doesNotHaveDuplicates();
    assertThat(VendorDataset.values()).containsExactlyInAnyOrderElementsOf(declared);
    assertThat(VendorModule.all()).extracting(VendorModule::name).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName(
      "dataset ids and tables are unique, raw bronze but the daily bars, and no raw one is a table"
          + " of pitlake's own")
  void datasetNamesAndTablesAreUnique() {
    List<VendorDataset> all = Arrays.asList(VendorDataset.values());
    Set<String> own =
        PitlakeTables.all().stream().map(t -> t.id().toString()).collect(Collectors.toSet());

    assertThat(all).extracting(VendorDataset::id).doesNotHaveDuplicates();
    assertThat(all).extracting(d -> d.table().id().toString()).doesNotHaveDuplicates();
    assertThat(all)
        .allSatisfy(
            d -> {
              assertThat(d.id()).isEqualTo(d.vendor() + "." + d.dataset());
              assertThat(VendorDataset.of(d.id())).isSameAs(d);
            });
    // Every raw dataset writes its own raw table; the one typed dataset, the daily bars, the
    // bronze table of pitlake's own that the backfill's SQL reads.
    assertThat(all)
        .filteredOn(d -> d.bronze() == BronzeForm.raw())
        .allSatisfy(
            d ->
                assertThat(d.table().id().toString())
                    .isEqualTo("bronze." + d.vendor() + "_" + d.dataset())
                    .isNotIn(own));
    assertThat(all)
        .filteredOn(d -> d.bronze() != BronzeForm.raw())
        .containsExactly(VendorDataset.POLYGON_AGGS_DAY)
        .allSatisfy(d -> assertThat(d.table()).isSameAs(PitlakeTables.BRONZE_POLYGON_AGGS));
  }

  @Test
  @DisplayName("the named datasets on VendorDataset are each vendor's own constants, none null")
  void theNamedDatasetsAreTheModulesConstants() throws IllegalAccessException {
    List<String> named = new ArrayList<>();
    for (Field field : VendorDataset.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == VendorDataset.class) {
        VendorDataset dataset = (VendorDataset) field.get(null);
        assertThat(dataset).as(field.getName()).isNotNull();
        assertThat(field.getName())
            .isEqualTo((dataset.vendor() + "_" + dataset.dataset()).toUpperCase(Locale.ROOT));
        named.add(dataset.id());
      }
    }

    // A new dataset needs no constant on VendorDataset: the named ones are a subset.
    assertThat(named)
        .isNotEmpty()
        .doesNotHaveDuplicates()
        .isSubsetOf(VendorDataset.ids().split(", "));
  }

  @Test
  @DisplayName("every vendor has a module, and every module's default rate can be used")
  void everyVendorHasAModuleWithAUsableDefaultRate() {
    assertThat(VendorModule.all())
        .extracting(VendorModule::name)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Vendor.values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList());
    assertThat(VendorModule.all())
        .allSatisfy(
            v -> assertThat(v.requestsPerSecond(new Configuration())).as(v.name()).isNotNegative());
    assertThat(VendorModule.named("SEC ").name()).isEqualTo("sec");
    assertThatThrownBy(() -> VendorModule.named("iex"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'iex' is not a vendor: use one of sec, fmp, polygon, alpaca");
  }

  @Test
  @DisplayName("each dataset's base URL option is its own vendor's")
  void eachDatasetsBaseUrlOptionIsItsVendors() {
    assertThat(VendorDataset.values())
        .allSatisfy(d -> assertThat(d.baseUrlOption().key()).startsWith(d.vendor() + "."));
  }
}
