package dev.revsync.eloqua;

import dev.revsync.AuthenticationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.PermissionException;
import dev.revsync.ProtocolException;
import dev.revsync.VendorApiException;
import dev.revsync.spi.AccessToken;
import dev.revsync.spi.Json;
import dev.revsync.spi.ResponseHandler;
import dev.revsync.spi.TokenContext;
import dev.revsync.spi.TokenProvider;
import dev.revsync.spi.TokenProviders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Eloqua's login: a credential (HTTP Basic {@code Company\User:password}, or an OAuth 2.0 bearer
 * token from the rotating refresh token) plus {@code GET /id}, which says where the instance lives
 * (its pod's base URL), which site and which user. The discovered facts ride on the {@link
 * AccessToken}'s attributes, so the transport's token cache is the connection's cache of {@code
 * /id} (Oracle throttles {@code /id} when it is called per request).
 *
 * <p>A fetch happens at the first call, when an OAuth token nears expiry, and when {@link
 * EloquaBulkClient} meets a 401 and invalidates the token: then {@code /id} runs again with the
 * credential in hand (a moved pod answers with its new base URL) and only if that is refused is the
 * OAuth token refreshed, so refresh tokens rotate no more often than needed.
 *
 * <p>Thread-safe: the transport calls {@link #fetch} single-flight.
 */
final class EloquaAuth implements TokenProvider {
  // What GET /id said, kept as token attributes for verify() and the bulk client's base URL.
  static final String BASE_URL = "baseUrl";
  static final String SITE_ID = "siteId";
  static final String SITE_NAME = "siteName";
  static final String USER_ID = "userId";
  static final String USER_NAME = "userName";
  static final String DISPLAY_NAME = "displayName";

  private final EloquaConfig config;
  private final TokenProvider oauth;
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile AccessToken lastBearer;

  EloquaAuth(EloquaConfig config) {
    this.config = config;
    this.oauth =
        config.authFlow() == EloquaConfig.AuthFlow.OAUTH
            ? TokenProviders.oauth2RefreshToken(
                config.loginUrl() + "/auth/oauth2/token",
                config.clientId(),
                config.clientSecret(),
                config.refreshToken(),
                EloquaConfig.REFRESH_TOKEN)
            : null;
  }

  @Override
  public AccessToken fetch(TokenContext context) {
    // With the pod fixed by the host, the first credential needs no /id; any later fetch follows
    // a 401 or a verify() and checks the credential with /id.
    boolean discover = config.baseUrlOverride() == null || fetches.getAndIncrement() > 0;
    if (oauth == null) {
      String user = config.company() + "\\" + config.username();
      String basic =
          Base64.getEncoder()
              .encodeToString((user + ":" + config.password()).getBytes(StandardCharsets.UTF_8));
      AccessToken credential = new AccessToken("Basic", basic, null, Map.of());
      if (!discover) return credential;
      Map<String, String> identity = identify(context, credential);
      if (identity == null) {
        throw new AuthenticationException(
            EloquaConfig.SYSTEM,
            "GET /id",
            "Eloqua answered \"Not authenticated.\" for " + user,
            "Check the site (company) name, user name and password; the user needs API access "
                + "(Advanced Users - Marketing or API Users)",
            null);
      }
      return new AccessToken("Basic", basic, null, identity);
    }
    Instant now = context.config().clock().instant();
    AccessToken current = lastBearer;
    if (discover && current != null && !current.isExpired(now)) {
      // A 401 with a live token usually means a pod move: /id with the same token tells, and the
      // refresh token (which rotates) is spent only when /id refuses it.
      Map<String, String> identity = identify(context, current);
      if (identity != null) return withIdentity(current, identity);
    }
    AccessToken fresh = oauth.fetch(basicClientAuth(context));
    lastBearer = fresh;
    if (!discover) return fresh;
    Map<String, String> identity = identify(context, fresh);
    if (identity == null) {
      throw new AuthenticationException(
          EloquaConfig.SYSTEM,
          "GET /id",
          "Eloqua refused a freshly refreshed OAuth token (\"Not authenticated.\")",
          "Reconnect the Eloqua account: the app's authorization was revoked or the user lost API access",
          null);
    }
    return withIdentity(fresh, identity);
  }

  /**
   * Eloqua's token endpoint authenticates the client with HTTP Basic ({@code
   * client_id:client_secret}) and takes {@code scope=full}: the standard refresh grant's form is
   * re-sent that way, so its parsing, error mapping and refresh-token rotation (with the host's
   * credential listener) are reused.
   */
  private TokenContext basicClientAuth(TokenContext context) {
    return new TokenContext() {
      @Override
      public ConnectionConfig config() {
        return context.config();
      }

      @Override
      public String system() {
        return context.system();
      }

      @Override
      public <T> T execute(Request request, ResponseHandler<T> handler) {
        Request sent = request;
        if (request.body() instanceof FormBody form) {
          FormBody.Builder b = new FormBody.Builder();
          boolean scope = false;
          for (int i = 0; i < form.size(); i++) {
            String name = form.name(i);
            if (name.equals("client_id") || name.equals("client_secret")) continue;
            scope |= name.equals("scope");
            b.add(name, form.value(i));
          }
          if (!scope) b.add("scope", "full");
          sent =
              request
                  .newBuilder()
                  .header(
                      "Authorization",
                      Credentials.basic(
                          config.clientId(), config.clientSecret(), StandardCharsets.UTF_8))
                  .post(b.build())
                  .build();
        }
        return context.execute(sent, handler);
      }
    };
  }

  private static AccessToken withIdentity(AccessToken token, Map<String, String> identity) {
    Map<String, String> attributes = new LinkedHashMap<>(token.attributes());
    attributes.putAll(identity);
    return new AccessToken(token.scheme(), token.value(), token.expiresAt(), attributes);
  }

  /**
   * {@code GET /id} with {@code credential}: the identity attributes, or null when Eloqua answers
   * "Not authenticated." (a 200 whose body is that JSON string) or 401.
   */
  private Map<String, String> identify(TokenContext context, AccessToken credential) {
    Request request =
        new Request.Builder()
            .url(config.loginUrl() + "/id")
            .header("Authorization", credential.authorization())
            .header("Accept", "application/json")
            .get()
            .build();
    return context.execute(request, EloquaAuth::readIdentity);
  }

  static Map<String, String> readIdentity(Response response) throws IOException {
    int code = response.code();
    ResponseBody body = response.body();
    if (code == 401) return null;
    if (code == 403) {
      throw new PermissionException(
          EloquaConfig.SYSTEM,
          "GET /id",
          "HTTP 403 forbidden",
          "The Eloqua user needs API access (Advanced Users - Marketing or API Users security group)",
          null);
    }
    if (code < 200 || code >= 300) {
      throw new VendorApiException(
          EloquaConfig.SYSTEM,
          "GET /id",
          code,
          "HTTP_" + code,
          EloquaErrors.snippet(body == null ? "" : body.string()),
          "Check the loginUrl setting");
    }
    if (body == null) throw malformed("an empty body", null);
    Object value = Json.read(body.source(), EloquaConfig.SYSTEM, "GET /id");
    if (value instanceof String)
      return null; // "Not authenticated." arrives as 200 with a JSON string
    if (!(value instanceof Map<?, ?> root))
      throw malformed("a " + kind(value) + " instead of an object", null);
    return identity(root);
  }

  private static String kind(Object value) {
    return value == null
        ? "null"
        : value instanceof List ? "list" : value.getClass().getSimpleName();
  }

  private static Map<String, String> identity(Map<?, ?> root) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<?, ?> site = map(root.get("site"));
    Map<?, ?> user = map(root.get("user"));
    Map<?, ?> urls = map(root.get("urls"));
    String base = string(urls.get("base"));
    if (base == null) {
      // Fall back to urls.apis.rest.bulk: https://secure.p03.eloqua.com/API/Bulk/{version}/
      String bulk = string(map(map(map(urls.get("apis")).get("rest"))).get("bulk"));
      if (bulk != null) {
        int api = bulk.toLowerCase(java.util.Locale.ROOT).indexOf("/api/");
        base = api > 0 ? bulk.substring(0, api) : null;
      }
    }
    if (base == null) throw malformed("no urls.base", null);
    out.put(BASE_URL, EloquaConfig.trimSlash(base));
    putIfPresent(out, SITE_ID, site.get("id"));
    putIfPresent(out, SITE_NAME, site.get("name"));
    putIfPresent(out, USER_ID, user.get("id"));
    putIfPresent(out, USER_NAME, user.get("username"));
    putIfPresent(out, DISPLAY_NAME, user.get("displayName"));
    return out;
  }

  private static void putIfPresent(Map<String, String> out, String key, Object value) {
    String s = string(value);
    if (s != null) out.put(key, s);
  }

  private static Map<?, ?> map(Object value) {
    return value instanceof Map<?, ?> m ? m : Map.of();
  }

  /** JSON strings as they are, numbers in their exact digits. */
  static String string(Object value) {
    if (value == null) return null;
    if (value instanceof java.math.BigDecimal d) return d.toPlainString();
    return value.toString();
  }

  private static ProtocolException malformed(String what, Throwable cause) {
    return new ProtocolException(
        EloquaConfig.SYSTEM,
        "GET /id",
        "the login service sent " + what,
        "Check the loginUrl setting; retry later if Eloqua is having an incident",
        cause);
  }
}
