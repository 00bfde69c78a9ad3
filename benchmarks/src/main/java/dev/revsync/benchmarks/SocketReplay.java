package dev.revsync.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The least HTTP/1.1 client there is, for timing the simulator alone: GET requests written as bytes
 * on one keep-alive socket, each answer's head scanned for its status and {@code Content-Length},
 * its body read into a reused array and dropped. OkHttp spent more on each 100-record HubSpot page
 * than the server did, so with it the figure measured the client (2.5× there, in a run where the
 * connector itself was fast). Answers must carry a {@code Content-Length}, as the pre-rendered
 * server's all do. Not thread-safe.
 */
final class SocketReplay implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String host;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;
  private long calls;
  private long bodyBytes;

  SocketReplay(String host, int port) throws IOException {
    socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
    this.host = host + ":" + port;
  }

  /** GETs {@code pathAndQuery} and reads its answer whole; an answer other than 200 fails. */
  void get(String pathAndQuery, String accept, String authorization) throws IOException {
    StringBuilder request =
        new StringBuilder(256)
            .append("GET ")
            .append(pathAndQuery)
            .append(" HTTP/1.1\r\nHost: ")
            .append(host)
            .append("\r\n");
    if (accept != null && !accept.isEmpty())
      request.append("Accept: ").append(accept).append("\r\n");
    if (authorization != null)
      request.append("Authorization: ").append(authorization).append("\r\n");
    out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    calls++;

    String status = readLine();
    if (status.length() < 12 || !status.startsWith("HTTP/1.1 "))
      throw new IOException("GET " + pathAndQuery + ": not an HTTP/1.1 answer: " + status);
    long length = -1;
    for (String header = readLine(); !header.isEmpty(); header = readLine()) {
      int colon = header.indexOf(':');
      if (colon == "Content-Length".length()
          && header.regionMatches(true, 0, "Content-Length", 0, colon))
        length = Long.parseLong(header.substring(colon + 1).trim());
    }
    if (length < 0) throw new IOException("GET " + pathAndQuery + ": no Content-Length");
    skip(length);
    if (!status.startsWith("200", 9))
      throw new IOException("GET " + pathAndQuery + " answered " + status.substring(9));
    bodyBytes += length;
  }

  long calls() {
    return calls;
  }

  long bodyBytes() {
    return bodyBytes;
  }

  void resetCounts() {
    calls = 0;
    bodyBytes = 0;
  }

  /** A head line, without its CRLF. */
  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      if (position == limit) fill();
      byte b = buffer[position++];
      if (b == '\n') break;
      line.append((char) (b & 0xff));
    }
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') line.setLength(end - 1);
    return line.toString();
  }

  /** Reads and drops {@code n} bytes: what is buffered, then straight off the socket. */
  private void skip(long n) throws IOException {
    while (n > 0) {
      if (position == limit) fill();
      int taken = (int) Math.min(n, limit - position);
      position += taken;
      n -= taken;
    }
  }

  private void fill() throws IOException {
    // Nothing follows an answer before the next request, so a full read never takes the next one.
    int n = in.read(buffer, 0, buffer.length);
    if (n < 0) throw new EOFException("the server closed the connection mid-answer");
    position = 0;
    limit = n;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
