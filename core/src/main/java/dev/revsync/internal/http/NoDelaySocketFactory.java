package dev.revsync.internal.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets with Nagle's algorithm off, as curl and Go's HTTP client open them. OkHttp leaves
 * Nagle on: a request whose body ends in a partial segment (every batch write: a 20 KB HubSpot
 * batch update, a SOAP update) then holds that last segment until the server acknowledges the
 * earlier ones, and servers delay acknowledgements (40 ms on Linux) — measured against the
 * simulator, 60 ms per 20 KB post with Nagle, 22 ms without. TLS runs on top of these sockets.
 */
final class NoDelaySocketFactory extends SocketFactory {
  static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

  private NoDelaySocketFactory() {}

  @Override
  public Socket createSocket() throws IOException {
    // OkHttp calls this one and connects the socket itself.
    return noDelay(new Socket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return noDelay(new Socket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return noDelay(new Socket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return noDelay(new Socket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return noDelay(new Socket(address, port, localAddress, localPort));
  }

  private static Socket noDelay(Socket socket) throws IOException {
    socket.setTcpNoDelay(true);
    return socket;
  }
}
