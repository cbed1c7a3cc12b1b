import io.pitlake.options.pricing.BlackScholes;
import io.pitlake.options.pricing.Greeks;
import io.pitlake.options.pricing.ImpliedVolatility;
import io.pitlake.options.pricing.IvResult;
import io.pitlake.options.pricing.OptionInputs;
import io.pitlake.options.pricing.OptionType;
import java.util.Arrays;
import java.util.Random;

/**
 * Implied-volatility solves per second on a generated chain, against the same run's baseline of
 * pricing alone (one Black-Scholes-Merton price call per contract), rounds alternating so both see
 * the same machine. Run by bench/iv-solver.sh.
 *
 * <p>Usage: IvSolver [underlyings=50] [rounds=7]
 */
public final class IvSolver {

  private static final int[] EXPIRY_DAYS = {2, 7, 14, 21, 30, 45, 60, 91, 182, 365, 730};
  private static final int STRIKES_PER_SIDE = 20;

  public static void main(String[] args) {
    int underlyings = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    Chain chain = Chain.generate(underlyings, new Random(23));
    System.out.printf(
        "chain: %d underlyings x %d expiries (2 days..2 years) x %d strikes (0.6..1.6 x spot) x"
            + " call/put = %d contracts, smile vol 12%%..90%%%n",
        underlyings, EXPIRY_DAYS.length, 2 * STRIKES_PER_SIDE + 1, chain.size());
    // Warm-up: let the JIT compile both paths before anything is timed.
    for (int i = 0; i < 3; i++) {
      priceAll(chain);
      solveAll(chain);
    }
    double[] priceRates = new double[rounds];
    double[] solveRates = new double[rounds];
    double[] greeksRates = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      priceRates[r] = priceAll(chain);
      solveRates[r] = solveAll(chain);
      greeksRates[r] = solveAndGreeksAll(chain);
    }
    Arrays.sort(priceRates);
    Arrays.sort(solveRates);
    Arrays.sort(greeksRates);
    double price = priceRates[rounds / 2];
    double solve = solveRates[rounds / 2];
    double greeks = greeksRates[rounds / 2];
    System.out.printf(
        "baseline, pricing alone: %,.0f price calls/s (median of %d rounds, min %,.0f max %,.0f)%n",
        price, rounds, priceRates[0], priceRates[rounds - 1]);
    System.out.printf(
        "IV solves: %,.0f solves/s (min %,.0f max %,.0f) = %.1f price calls' time per solve%n",
        solve, solveRates[0], solveRates[rounds - 1], price / solve);
    System.out.printf(
        "IV + Greeks: %,.0f contracts/s (min %,.0f max %,.0f)%n",
        greeks, greeksRates[0], greeksRates[rounds - 1]);
    System.out.printf("solved %d of %d contracts%n", chain.solved, chain.size());
  }

  private static double priceAll(Chain chain) {
    long start = System.nanoTime();
    double sink = 0;
    for (int i = 0; i < chain.size(); i++) {
      sink += BlackScholes.price(chain.inputs[i], chain.volatility[i]);
    }
    return rate(chain, start, sink);
  }

  private static double solveAll(Chain chain) {
    long start = System.nanoTime();
    double sink = 0;
    int solved = 0;
    for (int i = 0; i < chain.size(); i++) {
      IvResult result = ImpliedVolatility.DEFAULT.solve(chain.inputs[i], chain.price[i]);
      if (result.isSolved()) {
        sink += result.volatility();
        solved++;
      }
    }
    chain.solved = solved;
    return rate(chain, start, sink);
  }

  private static double solveAndGreeksAll(Chain chain) {
    long start = System.nanoTime();
    double sink = 0;
    for (int i = 0; i < chain.size(); i++) {
      IvResult result = ImpliedVolatility.DEFAULT.solve(chain.inputs[i], chain.price[i]);
      if (result.isSolved()) {
        Greeks greeks = BlackScholes.greeks(chain.inputs[i], result.volatility());
        sink += greeks.delta() + greeks.vega();
      }
    }
    return rate(chain, start, sink);
  }

  private static double rate(Chain chain, long start, double sink) {
    double seconds = (System.nanoTime() - start) / 1e9;
    if (sink == 42.4242) {
      System.out.println(sink); // keeps the work observable, so the JIT cannot drop it
    }
    return chain.size() / seconds;
  }

  /** The generated contracts with their true volatilities and unrounded prices. */
  private static final class Chain {
    final OptionInputs[] inputs;
    final double[] volatility;
    final double[] price;
    int solved;

    private Chain(int size) {
      inputs = new OptionInputs[size];
      volatility = new double[size];
      price = new double[size];
    }

    int size() {
      return inputs.length;
    }

    static Chain generate(int underlyings, Random random) {
      int perUnderlying = EXPIRY_DAYS.length * (2 * STRIKES_PER_SIDE + 1) * 2;
      Chain chain = new Chain(underlyings * perUnderlying);
      int i = 0;
      for (int u = 0; u < underlyings; u++) {
        double spot = 20 + 480 * random.nextDouble();
        double level = 0.15 + 0.35 * random.nextDouble();
        for (int days : EXPIRY_DAYS) {
          double years = days / 365.0;
          for (int k = -STRIKES_PER_SIDE; k <= STRIKES_PER_SIDE; k++) {
            double strike = spot * (1.1 + 0.5 * k / STRIKES_PER_SIDE);
            double logMoneyness = Math.log(strike / spot);
            double vol = Math.min(0.9, Math.max(0.12, level - 0.3 * logMoneyness + 0.4 * logMoneyness * logMoneyness));
            for (OptionType type : OptionType.values()) {
              chain.inputs[i] = new OptionInputs(type, spot, strike, years, 0.045);
              chain.volatility[i] = vol;
              chain.price[i] = BlackScholes.price(chain.inputs[i], vol);
              i++;
            }
          }
        }
      }
      return chain;
    }
  }
}
