package io.pitlake.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The JDK HTTP servers pitlake starts (the REST catalog, the vendor simulators), created so that a
 * response is not held back by Nagle's algorithm.
 *
 * <p>The JDK's server sends a response's headers and its body as two TCP segments, and with Nagle's
 * algorithm on (its default) the body waits for the client's delayed ACK of the headers: about 40
 * ms added to every request on Linux, however small. {@code bench/catalog-auth.sh} measured it on a
 * catalog's loadTable (p50 44 ms, 2 ms without it), {@code bench/options.sh} on the simulator's
 * option bars (one request per contract, 48 ms each, 4 ms without it). The switch, {@value
 * #NO_DELAY}, is read once per JVM, when its first JDK server is created, so it is set before every
 * creation, unless the JVM was started with it.
 */
public final class HttpServers {

  static final String NO_DELAY = "sun.net.httpserver.nodelay";

  private HttpServers() {}

  /**
   * An unstarted server bound to {@code address}, with {@code TCP_NODELAY} on its connections.
   *
   * @param backlog the socket's backlog; 0 means the system's default
   */
  public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
    return HttpServer.create(address, backlog);
  }
}
