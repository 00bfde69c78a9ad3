package dev.revsync.pipeline;

import dev.revsync.ConfigurationException;
import dev.revsync.QuotaPolicy;
import dev.revsync.internal.html.ConsolePage;
import dev.revsync.internal.html.Html;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The integration settings page, for any HTTP server to serve: per connection its daily limit and
 * write reserve (editable; a change goes through {@link Budgets}, so running syncs obey it on their
 * next call and it is saved), today's usage, last night's status, the backlog and its drain
 * forecast, and the note that pulls run 00:00–02:00 UTC. The Spring Boot starter serves it under
 * {@code revsync.console.path}; {@code revsync console} serves it on loopback.
 *
 * <p>The server maps a GET to {@link #page} and a form POST to {@link #submit}, passing the
 * request's {@link #CSRF_COOKIE} cookie, and sends back the {@link Response}'s status, headers and
 * body. Who may reach the page is the host's to decide (its login, its security filter).
 *
 * <p>Cross-site request forgery: every form carries a random token that must equal the {@code
 * SameSite=Strict}, {@code HttpOnly} cookie set with the page (a double-submit check); a post
 * without both, or with a different one, changes nothing. The page loads nothing from elsewhere and
 * runs no script; its Content-Security-Policy says so. Thread-safe.
 */
public final class SettingsConsole {
  /** The cookie holding the form token. */
  public static final String CSRF_COOKIE = "revsync_csrf";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Budgets budgets;
  private final DailyPipeline pipeline;
  private final String path;

  private SettingsConsole(Budgets budgets, DailyPipeline pipeline, String path) {
    this.budgets = Objects.requireNonNull(budgets, "budgets");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    if (path == null || !path.startsWith("/"))
      throw new IllegalArgumentException("path must start with '/': " + path);
    this.path = path;
  }

  /** A console served at {@code path} (forms post there, and the cookie is scoped to it). */
  public static SettingsConsole of(Budgets budgets, DailyPipeline pipeline, String path) {
    return new SettingsConsole(budgets, pipeline, path);
  }

  /**
   * What to send back.
   *
   * @param status the HTTP status
   * @param headers response headers (content type, security headers, the cookie)
   * @param body the HTML page
   */
  public record Response(int status, Map<String, String> headers, String body) {
    public byte[] bytes() {
      return body.getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * The page, for a GET. {@code csrfCookie} is the request's {@link #CSRF_COOKIE} value, or null.
   */
  public Response page(String csrfCookie) {
    return render(200, token(csrfCookie), true, null, null);
  }

  /**
   * Applies a posted form ({@code tenant}, {@code connector}, {@code dailyLimit}, {@code
   * writeReserve}, {@code csrf}) and answers the page with the outcome shown beside the
   * connection's form (status 200: invalid input is the page's to explain, not an HTTP error), or
   * 403 without a matching token.
   */
  public Response submit(Map<String, String> form, String csrfCookie) {
    String posted = form.get("csrf");
    if (csrfCookie == null
        || csrfCookie.isEmpty()
        || posted == null
        || !MessageDigest.isEqual(
            posted.getBytes(StandardCharsets.UTF_8), csrfCookie.getBytes(StandardCharsets.UTF_8))) {
      String fresh = token(null);
      return render(
          403,
          fresh,
          false,
          "The form was not sent from this page (its security token is missing or"
              + " stale), so nothing changed. Reload the page and try again.",
          null);
    }
    String tenant = form.getOrDefault("tenant", "");
    String connector = form.getOrDefault("connector", "");
    String key = tenant + "/" + connector;
    long limit;
    long reserve;
    try {
      limit = number(form.get("dailyLimit"), "daily limit", true);
      reserve = number(form.get("writeReserve"), "write reserve", false);
    } catch (IllegalArgumentException e) {
      return render(200, csrfCookie, false, e.getMessage() + " Nothing was changed.", key);
    }
    try {
      Budgets.Change change = budgets.set(tenant, connector, limit, reserve);
      return render(200, csrfCookie, true, change.message(), key);
    } catch (ConfigurationException e) {
      String problem = Budgets.problem(limit, reserve);
      String text = problem != null ? capitalized(problem) + "." : e.getMessage();
      return render(200, csrfCookie, false, text + " Nothing was changed.", key);
    }
  }

  private Response render(int status, String token, boolean ok, String flash, String flashFor) {
    String body =
        ConsolePage.render(
            budgets.all(),
            pipeline.lastReport(),
            QuotaPolicy.dayOf(pipeline.clock().instant()),
            path,
            token,
            ok,
            flash,
            flashFor);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/html; charset=utf-8");
    headers.put("Content-Security-Policy", Html.CSP);
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("X-Frame-Options", "DENY");
    headers.put("Referrer-Policy", "no-referrer");
    headers.put("Cache-Control", "no-store");
    headers.put(
        "Set-Cookie", CSRF_COOKIE + "=" + token + "; Path=" + path + "; HttpOnly; SameSite=Strict");
    return new Response(status, Map.copyOf(headers), body);
  }

  /** The request's token when it looks like one of ours, else a new one. */
  private static String token(String cookie) {
    if (cookie != null && cookie.matches("[A-Za-z0-9_-]{32,64}")) return cookie;
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A whole number the customer typed, or a message that says what is wrong with it. */
  private static long number(String text, String what, boolean emptyIsUnlimited) {
    String t = text == null ? "" : text.strip().replace(",", "").replace("_", "");
    if (t.isEmpty()) {
      if (emptyIsUnlimited) return QuotaPolicy.UNLIMITED;
      throw new IllegalArgumentException("Enter the " + what + " as a whole number of calls.");
    }
    if (!t.matches("-?[0-9]+")) {
      throw new IllegalArgumentException(
          "The " + what + " must be a whole number of calls, not '" + abbreviated(text) + "'.");
    }
    if (t.startsWith("-"))
      throw new IllegalArgumentException("The " + what + " must not be negative: " + t + ".");
    if (t.length() > 15) {
      throw new IllegalArgumentException(
          "The "
              + what
              + " of "
              + abbreviated(t)
              + " calls is far above the largest accepted, "
              + Budgets.MAX_DAILY_LIMIT
              + ".");
    }
    return Long.parseLong(t);
  }

  private static String abbreviated(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
