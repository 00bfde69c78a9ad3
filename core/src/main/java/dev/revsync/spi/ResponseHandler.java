package dev.revsync.spi;

import java.io.IOException;
import okhttp3.Response;

/**
 * Reads a successful response, streaming its body. The transport closes the response afterwards. An
 * {@link IOException} while reading (a dropped connection, a truncated body) makes the transport
 * retry the whole call, so a handler must be safe to run again for the same request.
 */
@FunctionalInterface
public interface ResponseHandler<T> {
  /** Reads {@code response}, on the thread making the call, and returns what it holds. */
  T handle(Response response) throws IOException;
}
