package dev.revsync.internal.http;

import java.io.IOException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * Keeps secrets out of logs and messages: masks the values of query parameters, JSON fields, form
 * fields and XML elements whose names look secret, and {@code Bearer}/{@code Basic} credentials.
 * Stateless and thread-safe.
 */
public final class Redaction {
  /** What a secret is replaced with. */
  public static final String MASK = "██";

  private static final String[] SECRET_NAME_PARTS = {
    "token",
    "secret",
    "password",
    "passwd",
    "key",
    "session",
    "assertion",
    "signature",
    "credential",
    "authcode",
    "auth_code",
    "authorization_code"
  };
  private static final Pattern AUTH_SCHEME =
      Pattern.compile("(?i)\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=!:-]+");
  private static final Pattern JSON_STRING_FIELD =
      Pattern.compile("\"([^\"\\\\]{1,100})\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern FORM_FIELD =
      Pattern.compile("(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{1,100})=([^&\\s\"'<]+)");
  private static final Pattern XML_ELEMENT =
      Pattern.compile("<((?:[A-Za-z0-9_-]+:)?([A-Za-z0-9_-]{1,100}))>([^<]*)</\\1>");

  private Redaction() {}

  /**
   * True when a parameter, field or element of this name holds a secret (token, password, key...).
   * {@code code} counts only alone or as an authorization code: {@code errorCode} is no secret.
   */
  public static boolean isSecretName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("code")) return true;
    for (String part : SECRET_NAME_PARTS) {
      if (lower.contains(part)) return true;
    }
    return false;
  }

  /** The URL without user info and with secret query values masked, for logs. */
  public static String url(HttpUrl url) {
    HttpUrl bare = url.newBuilder().username("").password("").query(null).fragment(null).build();
    String query = url.encodedQuery();
    if (query == null) return bare.toString();
    StringBuilder out = new StringBuilder(bare.toString()).append('?');
    String[] pairs = query.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) out.append('&');
      String pair = pairs[i];
      int eq = pair.indexOf('=');
      if (eq < 0) {
        out.append(pair);
        continue;
      }
      String name = pair.substring(0, eq);
      out.append(name)
          .append('=')
          .append(isSecretName(decode(name)) ? MASK : pair.substring(eq + 1));
    }
    return out.toString();
  }

  /** {@code text} with credentials and the values of secret-named fields masked. */
  public static String text(String text) {
    if (text == null || text.isEmpty()) return text;
    String s =
        AUTH_SCHEME
            .matcher(text)
            .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " " + MASK));
    s =
        replaceValues(
            JSON_STRING_FIELD,
            s,
            m -> isSecretName(m.group(1)),
            m -> "\"" + m.group(1) + "\":\"" + MASK + "\"");
    s = replaceValues(FORM_FIELD, s, m -> isSecretName(m.group(1)), m -> m.group(1) + "=" + MASK);
    s =
        replaceValues(
            XML_ELEMENT,
            s,
            m -> isSecretName(m.group(2)),
            m -> "<" + m.group(1) + ">" + MASK + "</" + m.group(1) + ">");
    return s;
  }

  /**
   * The start of a response body for an error message: at most {@code maxChars}, whitespace
   * collapsed, secrets masked. Peeks, so the body stays readable.
   */
  public static String bodyStart(Response response, int maxChars) {
    String body;
    try {
      body = response.peekBody(4L * maxChars).string();
    } catch (IOException | RuntimeException e) {
      return "(body unreadable: " + e.getClass().getSimpleName() + ")";
    }
    body = body.replaceAll("\\s+", " ").strip();
    if (body.length() > maxChars) body = body.substring(0, maxChars) + "…";
    return text(body);
  }

  private static String replaceValues(
      Pattern pattern,
      String s,
      java.util.function.Predicate<MatchResult> secret,
      Function<MatchResult, String> masked) {
    return pattern
        .matcher(s)
        .replaceAll(m -> Matcher.quoteReplacement(secret.test(m) ? masked.apply(m) : m.group()));
  }

  private static String decode(String encoded) {
    try {
      return java.net.URLDecoder.decode(encoded, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return encoded;
    }
  }
}
