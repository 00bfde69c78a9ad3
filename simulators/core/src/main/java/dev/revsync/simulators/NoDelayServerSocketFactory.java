package dev.revsync.simulators;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;

/**
 * Server sockets whose accepted connections send without Nagle's delay. MockWebServer writes an
 * answer's headers and body separately; with Nagle on, the body waits for the client's delayed
 * acknowledgement of the headers (40 ms on Linux) — every small page cost 40–50 ms, which no real
 * service adds and which made the simulators, not the client, the limit for small pages (a
 * 100-record HubSpot page: 50 ms, ≈ 2,000 records/s).
 */
final class NoDelayServerSocketFactory extends ServerSocketFactory {
  static final NoDelayServerSocketFactory INSTANCE = new NoDelayServerSocketFactory();

  private NoDelayServerSocketFactory() {}

  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new NoDelayServerSocket();
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    ServerSocket socket = new NoDelayServerSocket();
    socket.bind(new java.net.InetSocketAddress(port));
    return socket;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    ServerSocket socket = new NoDelayServerSocket();
    socket.bind(new java.net.InetSocketAddress(port), backlog);
    return socket;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
      throws IOException {
    ServerSocket socket = new NoDelayServerSocket();
    socket.bind(new java.net.InetSocketAddress(address, port), backlog);
    return socket;
  }

  private static final class NoDelayServerSocket extends ServerSocket {
    NoDelayServerSocket() throws IOException {}

    @Override
    public Socket accept() throws IOException {
      Socket socket = super.accept();
      socket.setTcpNoDelay(true);
      return socket;
    }
  }
}
