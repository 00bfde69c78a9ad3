package dev.revsync.internal.http;

import okhttp3.HttpUrl;

/**
 * Which URLs the transport may call and which redirects it may follow: HTTPS anywhere, plain HTTP
 * only to loopback (simulators, local tests); redirects only within one origin (scheme, host and
 * port), so credentials never travel to another host or over plain HTTP. Stateless.
 */
public final class UrlPolicy {
  private UrlPolicy() {}

  /** True for {@code localhost}, 127.0.0.0/8 and {@code ::1}. Never resolves names. */
  public static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) return true;
    if (host.equals("::1") || host.equals("0:0:0:0:0:0:0:1") || host.equals("[::1]")) return true;
    String[] octets = host.split("\\.", -1);
    if (octets.length != 4) return false;
    for (String octet : octets) {
      if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit))
        return false;
      if (Integer.parseInt(octet) > 255) return false;
    }
    return Integer.parseInt(octets[0]) == 127;
  }

  /** Why the URL may not be called, or null when it may. */
  public static String refusal(HttpUrl url) {
    if (url.isHttps() || isLoopback(url.host())) return null;
    return "plain http:// to "
        + url.host()
        + " is refused (only https://, or http:// to loopback for simulators)";
  }

  public static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme())
        && a.host().equalsIgnoreCase(b.host())
        && a.port() == b.port();
  }

  /** Why a redirect from {@code from} to {@code to} may not be followed, or null when it may. */
  public static String redirectRefusal(HttpUrl from, HttpUrl to) {
    if (from.isHttps() && !to.isHttps()) {
      return "refused a redirect from HTTPS to plain HTTP: "
          + Redaction.url(from)
          + " -> "
          + Redaction.url(to);
    }
    if (!sameOrigin(from, to)) {
      return "refused a redirect to another origin (host, port or scheme): "
          + Redaction.url(from)
          + " -> "
          + Redaction.url(to);
    }
    return null;
  }
}
