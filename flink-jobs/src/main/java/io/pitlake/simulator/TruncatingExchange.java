package io.pitlake.simulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * An exchange whose response body stops after half of its length, in one of two ways ({@link Cut}):
 * a connection that breaks mid-transfer, or a complete answer whose JSON breaks off.
 */
final class TruncatingExchange extends HttpExchange {

  /** How the client sees the cut body. */
  enum Cut {
    /**
     * The whole length is declared and half is sent: the body ends short of {@code Content-Length},
     * the client's read fails and it must retry. Any status.
     */
    SHORT_OF_DECLARED_LENGTH,
    /**
     * Half the length is declared and sent: a complete 2xx answer whose JSON does not parse.
     * Answers of any other status are sent whole, so an error stays the error it was.
     */
    HALF_DECLARED
  }

  private final HttpExchange delegate;
  private final Cut cut;
  private long sendable;

  TruncatingExchange(HttpExchange delegate, Cut cut) {
    this.delegate = delegate;
    this.cut = cut;
  }

  @Override
  public void sendResponseHeaders(int code, long length) throws IOException {
    boolean successful = code >= 200 && code < 300;
    sendable = cut == Cut.HALF_DECLARED && !successful ? length : length / 2;
    // A declared length of 0 would mean chunked: a body of one byte is sent whole.
    if (cut == Cut.HALF_DECLARED && sendable == 0) {
      sendable = length;
    }
    delegate.sendResponseHeaders(code, cut == Cut.HALF_DECLARED ? sendable : length);
  }

  @Override
  public OutputStream getResponseBody() {
    return new FilterOutputStream(delegate.getResponseBody()) {
      private long written;

      @Override
      public void write(int b) throws IOException {
        if (written < sendable) {
          out.write(b);
          written++;
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        int allowed = (int) Math.max(0, Math.min(len, sendable - written));
        out.write(b, off, allowed);
        written += allowed;
      }
    };
  }

  @Override
  public Headers getRequestHeaders() {
    return delegate.getRequestHeaders();
  }

  @Override
  public Headers getResponseHeaders() {
    return delegate.getResponseHeaders();
  }

  @Override
  public URI getRequestURI() {
    return delegate.getRequestURI();
  }

  @Override
  public String getRequestMethod() {
    return delegate.getRequestMethod();
  }

  @Override
  public HttpContext getHttpContext() {
    return delegate.getHttpContext();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public InputStream getRequestBody() {
    return delegate.getRequestBody();
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return delegate.getRemoteAddress();
  }

  @Override
  public int getResponseCode() {
    return delegate.getResponseCode();
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return delegate.getLocalAddress();
  }

  @Override
  public String getProtocol() {
    return delegate.getProtocol();
  }

  @Override
  public Object getAttribute(String name) {
    return delegate.getAttribute(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    delegate.setAttribute(name, value);
  }

  @Override
  public void setStreams(InputStream i, OutputStream o) {
    delegate.setStreams(i, o);
  }

  @Override
  public HttpPrincipal getPrincipal() {
    return delegate.getPrincipal();
  }
}
