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
 * An exchange whose response body stops after half of its declared length, as when a connection
 * breaks mid-transfer: the client sees a body shorter than {@code Content-Length} and must retry.
 */
final class TruncatingExchange extends HttpExchange {

  private final HttpExchange delegate;
  private long declaredLength;

  TruncatingExchange(HttpExchange delegate) {
    this.delegate = delegate;
  }

  @Override
  public void sendResponseHeaders(int code, long length) throws IOException {
    declaredLength = length;
    delegate.sendResponseHeaders(code, length);
  }

  @Override
  public OutputStream getResponseBody() {
    return new FilterOutputStream(delegate.getResponseBody()) {
      private long written;

      @Override
      public void write(int b) throws IOException {
        if (written < declaredLength / 2) {
          out.write(b);
          written++;
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        int allowed = (int) Math.max(0, Math.min(len, declaredLength / 2 - written));
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
