package io.pitlake.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HttpServersTest {

  @Test
  void createdServersSendWithoutNagleUnlessTheJvmChoseOtherwise() throws Exception {
    String chosen = System.getProperty(HttpServers.NO_DELAY);
    HttpServer server =
        HttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    try {
      assertThat(server.getAddress().getPort()).isPositive();
      assertThat(System.getProperty(HttpServers.NO_DELAY))
          .isEqualTo(chosen == null ? "true" : chosen);
    } finally {
      server.stop(0);
    }
  }
}
