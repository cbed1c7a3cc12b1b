package io.pitlake.vendor;

import io.pitlake.source.rest.Credentials;
import java.util.function.IntSupplier;
import javax.annotation.Nullable;

/**
 * Where one vendor's requests go and how they authenticate, as its module resolved them.
 *
 * @param baseUrl the REST base URL requests go to
 * @param credentials where the key comes from (never the key); null for a vendor with no key
 * @param description one line for the user saying which it is (configured host or simulator)
 * @param simulator the simulator this endpoint started, closed with it; null for a real host
 * @param simulatorRequests the requests the simulator received so far; null without one
 * @param <S> the simulator's type, so a caller can use the simulator further (Polygon's websocket)
 */
public record VendorEndpoint<S extends AutoCloseable>(
    String baseUrl,
    @Nullable Credentials credentials,
    String description,
    @Nullable S simulator,
    @Nullable IntSupplier simulatorRequests)
    implements AutoCloseable {

  /** A configured host, no simulator. */
  public static <S extends AutoCloseable> VendorEndpoint<S> configured(
      String baseUrl, @Nullable Credentials credentials, String description) {
    return new VendorEndpoint<>(baseUrl, credentials, description, null, null);
  }

  @Override
  public void close() throws Exception {
    if (simulator != null) {
      simulator.close();
    }
  }
}
