package dev.revsync.simulators.dynamics;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code $skiptoken} of a nextLink, shaped like the service's: an XML {@code <cookie
 * pagenumber=… pagingcookie=… istracking=…/>} whose {@code pagingcookie} attribute holds a second,
 * percent-encoded XML cookie with the last row's position, so the inner cookie ends up
 * percent-encoded twice in the URL. It also carries what a tracked query needs on its last page
 * (the delta token being built, the phase of a delta). Immutable.
 */
record PagingCookie(
    int page,
    Instant lastModified,
    String lastId,
    long offset,
    String phase,
    String since,
    String token) {

  private static final Pattern ATTR = Pattern.compile("([A-Za-z_][\\w.-]*)=\"([^\"]*)\"");
  private static final Pattern ELEMENT =
      Pattern.compile("<([A-Za-z_][\\w.-]*)((?:\\s+[A-Za-z_][\\w.-]*=\"[^\"]*\")*)\\s*/?>");

  /** The value of {@code $skiptoken}, before URL encoding of the query parameter itself. */
  String encode(String primaryId, boolean tracking) {
    StringBuilder inner = new StringBuilder("<cookie page=\"").append(page).append('"');
    if (offset > 0) inner.append(" offset=\"").append(offset).append('"');
    if (phase != null) inner.append(" phase=\"").append(phase).append('"');
    if (since != null) inner.append(" since=\"").append(xml(since)).append('"');
    if (token != null) inner.append(" token=\"").append(xml(token)).append('"');
    inner.append('>');
    if (lastModified != null)
      inner.append("<modifiedon last=\"").append(lastModified).append("\" />");
    if (lastId != null) {
      String guid = "{" + lastId.toUpperCase(Locale.ROOT) + "}";
      inner
          .append('<')
          .append(primaryId)
          .append(" last=\"")
          .append(guid)
          .append("\" first=\"")
          .append(guid)
          .append("\" />");
    }
    inner.append("</cookie>");
    return "<cookie pagenumber=\""
        + (page + 1)
        + "\" pagingcookie=\""
        + percent(inner.toString(), false)
        + "\" istracking=\""
        + (tracking ? "True" : "False")
        + "\" />";
  }

  /**
   * Parses a {@code $skiptoken} value (already URL-decoded once); null if it is not one of ours.
   */
  static PagingCookie decode(String skipToken, String primaryId) {
    if (skipToken == null) return null;
    Map<String, String> outer = attributes(skipToken);
    String pagingCookie = outer.get("pagingcookie");
    if (pagingCookie == null) return null;
    String inner;
    try {
      inner = URLDecoder.decode(pagingCookie, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    Map<String, Map<String, String>> elements = new LinkedHashMap<>();
    Matcher m = ELEMENT.matcher(inner);
    while (m.find()) elements.put(m.group(1), attributes(m.group(2)));
    Map<String, String> cookie = elements.get("cookie");
    if (cookie == null) return null;
    try {
      int page = Integer.parseInt(cookie.getOrDefault("page", "1"));
      long offset = Long.parseLong(cookie.getOrDefault("offset", "0"));
      Map<String, String> mod = elements.get("modifiedon");
      Instant lastModified = mod == null ? null : Instant.parse(mod.get("last"));
      Map<String, String> id = elements.get(primaryId);
      String lastId = null;
      if (id != null) {
        String raw = id.get("last");
        if (raw == null) return null;
        lastId = raw.replace("{", "").replace("}", "").toLowerCase(Locale.ROOT);
        if (!Guids.isGuid(lastId)) return null;
      }
      if (lastModified != null && lastId == null) return null;
      return new PagingCookie(
          page,
          lastModified,
          lastId,
          offset,
          cookie.get("phase"),
          unxml(cookie.get("since")),
          unxml(cookie.get("token")));
    } catch (NumberFormatException | DateTimeParseException | NullPointerException e) {
      return null;
    }
  }

  private static Map<String, String> attributes(String xml) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = ATTR.matcher(xml);
    while (m.find()) out.put(m.group(1), m.group(2));
    return out;
  }

  /**
   * Percent-encodes all but unreserved characters. The outer layer (the query value) keeps '=' and
   * writes upper-case hex, the inner paging cookie lower-case hex, as the service writes them.
   */
  static String percent(String s, boolean outer) {
    StringBuilder b = new StringBuilder(s.length() * 2);
    for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
      int c = by & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~'
          || (outer && c == '=')) {
        b.append((char) c);
      } else {
        char hi = Character.forDigit(c >> 4, 16);
        char lo = Character.forDigit(c & 0xf, 16);
        b.append('%')
            .append(outer ? Character.toUpperCase(hi) : hi)
            .append(outer ? Character.toUpperCase(lo) : lo);
      }
    }
    return b.toString();
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
  }

  private static String unxml(String s) {
    return s == null ? null : s.replace("&lt;", "<").replace("&quot;", "\"").replace("&amp;", "&");
  }
}
