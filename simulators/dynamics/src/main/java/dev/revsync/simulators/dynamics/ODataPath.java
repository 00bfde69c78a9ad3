package dev.revsync.simulators.dynamics;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A data path below the service root: {@code accounts}, {@code accounts/$count}, {@code
 * accounts(<guid>)} or {@code accounts(accountnumber='ABC',…)} (an alternate key, string values
 * quoted with {@code ''} for a quote, GUIDs and numbers bare). Immutable.
 *
 * @param set the entity set name
 * @param id the primary key, or null
 * @param keys alternate-key column values (logical names; {@code _x_value} kept as written), or
 *     empty
 * @param tail what follows the row or set segment ({@code $count}, a property), or null
 */
record ODataPath(String set, String id, Map<String, Object> keys, String tail) {

  static ODataPath parse(String relative) {
    String path = URLDecoder.decode(relative.replace("+", "%2B"), StandardCharsets.UTF_8);
    int slash = -1;
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\'') quoted = !quoted;
      else if (!quoted && c == '(') depth++;
      else if (!quoted && c == ')') depth--;
      else if (!quoted && depth == 0 && c == '/') {
        slash = i;
        break;
      }
    }
    String head = slash < 0 ? path : path.substring(0, slash);
    String tail = slash < 0 ? null : path.substring(slash + 1);
    int open = head.indexOf('(');
    if (open < 0) return new ODataPath(head, null, Map.of(), tail);
    if (!head.endsWith(")")) throw WebErrors.unknownSegment(head);
    String set = head.substring(0, open);
    String inside = head.substring(open + 1, head.length() - 1).trim();
    if (Guids.isGuid(inside))
      return new ODataPath(set, inside.toLowerCase(Locale.ROOT), Map.of(), tail);
    Map<String, Object> keys = new LinkedHashMap<>();
    for (String part : ODataFilter.splitTopLevel(inside)) {
      int eq = part.indexOf('=');
      if (eq <= 0)
        throw WebErrors.badRequest(
            WebErrors.UNKNOWN_PROPERTY, "Bad Request - Error in query syntax.");
      String name = part.substring(0, eq).trim();
      String raw = part.substring(eq + 1).trim();
      Object value;
      if (raw.startsWith("'") && raw.endsWith("'") && raw.length() >= 2) {
        value = raw.substring(1, raw.length() - 1).replace("''", "'");
      } else if (Guids.isGuid(raw)) {
        value = raw.toLowerCase(Locale.ROOT);
      } else {
        try {
          value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
          value = raw;
        }
      }
      keys.put(name, value);
    }
    return new ODataPath(set, null, keys, tail);
  }
}
