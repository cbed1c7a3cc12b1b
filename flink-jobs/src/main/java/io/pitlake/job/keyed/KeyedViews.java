package io.pitlake.job.keyed;

import io.pitlake.adjustment.AdjustmentFactorRows;
import io.pitlake.adjustment.PriceDqFindings;
import io.pitlake.features.CrossSectionRows;
import io.pitlake.features.FeaturesDailyRows;
import io.pitlake.fundamentals.BalanceSheetsKnown;
import io.pitlake.fundamentals.FactAcceptance;
import io.pitlake.fundamentals.FundamentalsSnapshots;
import io.pitlake.fundamentals.SecFmpPairsKnown;
import io.pitlake.options.IvSurfaceRows;
import io.pitlake.options.OptionBarTerms;
import io.pitlake.options.OptionFeatureRows;
import io.pitlake.panel.PanelRows;
import io.pitlake.reference.SecurityMasterStates;
import io.pitlake.universe.UniverseRows;
import io.pitlake.universe.UniverseSessions;
import java.util.List;

/** Every {@link KeyedView} a SQL file can name, each declared by the capability it computes. */
public final class KeyedViews {

  private KeyedViews() {}

  /** All of them; their names are unique across SQL files. */
  public static List<KeyedView> all() {
    return List.of(
        SecurityMasterStates.VIEW,
        AdjustmentFactorRows.VIEW,
        PriceDqFindings.VIEW,
        FeaturesDailyRows.VIEW,
        CrossSectionRows.VIEW,
        FactAcceptance.VIEW,
        FundamentalsSnapshots.VIEW,
        BalanceSheetsKnown.VIEW,
        SecFmpPairsKnown.VIEW,
        PanelRows.VIEW,
        UniverseSessions.VIEW,
        UniverseRows.VIEW,
        OptionBarTerms.VIEW,
        OptionFeatureRows.VIEW,
        IvSurfaceRows.VIEW);
  }
}
