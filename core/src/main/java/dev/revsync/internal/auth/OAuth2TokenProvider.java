package dev.revsync.internal.auth;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.revsync.AuthenticationException;
import dev.revsync.ConfigurationException;
import dev.revsync.ProtocolException;
import dev.revsync.VendorApiException;
import dev.revsync.internal.http.Redaction;
import dev.revsync.spi.AccessToken;
import dev.revsync.spi.JwtAssertion;
import dev.revsync.spi.TokenContext;
import dev.revsync.spi.TokenProvider;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth 2.0 token requests (RFC 6749) with the client-credentials or refresh-token grant. The token
 * response is read with Moshi's streaming reader: {@code access_token}, {@code expires_in}, {@code
 * token_type}, {@code refresh_token}; other plain fields whose names do not look secret (such as
 * Salesforce's {@code instance_url}) become {@link AccessToken#attributes()}. Error bodies ({@code
 * {"error":"invalid_grant",...}}) become {@link AuthenticationException}s saying what the customer
 * must do.
 *
 * <p>Thread-safe; meant for one connection (a rotated refresh token replaces this instance's own).
 */
public final class OAuth2TokenProvider implements TokenProvider {
  private static final Logger log = LoggerFactory.getLogger(OAuth2TokenProvider.class);
  private static final int DESCRIPTION_CHARS = 300;

  private enum Grant {
    CLIENT_CREDENTIALS("client_credentials"),
    REFRESH_TOKEN("refresh_token"),
    JWT_BEARER("urn:ietf:params:oauth:grant-type:jwt-bearer");

    final String wireName;

    Grant(String wireName) {
      this.wireName = wireName;
    }
  }

  private final Grant grant;
  private final String tokenUrl;
  private final String clientId;
  private final String clientSecret;
  private final String scope;
  private final String refreshTokenKey;
  private final AtomicReference<String> refreshToken;

  /** The JWT bearer grant's subject (the user logged in as), audience and signing key. */
  private String subject;

  private String audience;
  private java.security.PrivateKey signingKey;

  private OAuth2TokenProvider(
      Grant grant,
      String tokenUrl,
      String clientId,
      String clientSecret,
      String scope,
      String refreshToken,
      String refreshTokenKey) {
    this.grant = grant;
    this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.scope = scope;
    this.refreshToken = new AtomicReference<>(refreshToken);
    this.refreshTokenKey = refreshTokenKey;
  }

  public static OAuth2TokenProvider clientCredentials(
      String tokenUrl, String clientId, String clientSecret, String scope) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    return new OAuth2TokenProvider(
        Grant.CLIENT_CREDENTIALS, tokenUrl, clientId, clientSecret, scope, null, null);
  }

  /** {@code clientSecret} may be null for public clients. */
  public static OAuth2TokenProvider refreshToken(
      String tokenUrl,
      String clientId,
      String clientSecret,
      String refreshToken,
      String refreshTokenKey) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(refreshToken, "refreshToken");
    Objects.requireNonNull(refreshTokenKey, "refreshTokenKey");
    return new OAuth2TokenProvider(
        Grant.REFRESH_TOKEN, tokenUrl, clientId, clientSecret, null, refreshToken, refreshTokenKey);
  }

  /**
   * RFC 7523 JWT bearer: an assertion from {@code clientId} for {@code subject} at {@code
   * audience}, signed with {@code key}.
   */
  public static OAuth2TokenProvider jwtBearer(
      String tokenUrl,
      String clientId,
      String subject,
      String audience,
      java.security.PrivateKey key) {
    OAuth2TokenProvider p =
        new OAuth2TokenProvider(
            Grant.JWT_BEARER,
            tokenUrl,
            Objects.requireNonNull(clientId, "clientId"),
            null,
            null,
            null,
            null);
    p.subject = Objects.requireNonNull(subject, "subject");
    p.audience = Objects.requireNonNull(audience, "audience");
    p.signingKey = Objects.requireNonNull(key, "key");
    return p;
  }

  @Override
  public AccessToken fetch(TokenContext context) {
    HttpUrl url = HttpUrl.parse(tokenUrl);
    if (url == null) {
      throw new ConfigurationException(
          context.system(),
          "token request",
          "the token URL '" + tokenUrl + "' is not an http(s) URL",
          "Fix the connection's token URL setting",
          null);
    }
    FormBody.Builder form = new FormBody.Builder().add("grant_type", grant.wireName);
    if (grant == Grant.REFRESH_TOKEN) form.add("refresh_token", refreshToken.get());
    if (grant == Grant.JWT_BEARER) {
      form.add(
          "assertion",
          JwtAssertion.sign(
              JwtAssertion.bearerClaims(
                  clientId, subject, audience, context.config().clock().instant()),
              signingKey));
    } else {
      form.add("client_id", clientId);
      if (clientSecret != null) form.add("client_secret", clientSecret);
    }
    if (scope != null && !scope.isBlank()) form.add("scope", scope);
    Request request =
        new Request.Builder()
            .url(url)
            .header("Accept", "application/json")
            .post(form.build())
            .build();
    String call = "POST " + url.encodedPath();
    return context.execute(
        request,
        response ->
            response.isSuccessful()
                ? readToken(context, call, response)
                : refused(context, call, response));
  }

  /** The refresh token in use now (after any rotation). */
  String currentRefreshToken() {
    return refreshToken.get();
  }

  private AccessToken readToken(TokenContext context, String call, Response response)
      throws IOException {
    String accessToken = null;
    String tokenType = null;
    String newRefreshToken = null;
    Long expiresIn = null;
    Map<String, String> attributes = new LinkedHashMap<>();
    try (JsonReader json = JsonReader.of(response.body().source())) {
      json.beginObject();
      while (json.hasNext()) {
        String name = json.nextName();
        switch (name) {
          case "access_token" -> accessToken = json.nextString();
          case "token_type" -> tokenType = json.nextString();
          case "refresh_token" -> newRefreshToken = json.nextString();
          case "expires_in" -> expiresIn = parseSeconds(json.nextString());
          default -> {
            JsonReader.Token next = json.peek();
            boolean plain =
                next == JsonReader.Token.STRING
                    || next == JsonReader.Token.NUMBER
                    || next == JsonReader.Token.BOOLEAN;
            if (plain && !Redaction.isSecretName(name) && !name.equals("id_token")) {
              attributes.put(
                  name,
                  next == JsonReader.Token.BOOLEAN
                      ? String.valueOf(json.nextBoolean())
                      : json.nextString());
            } else if (next == JsonReader.Token.BEGIN_ARRAY && !Redaction.isSecretName(name)) {
              // a list of plain values (HubSpot's "scopes") joined by spaces, as OAuth's own
              // "scope" is
              String joined = joinedStrings(json);
              if (joined != null) attributes.put(name, joined);
            } else {
              json.skipValue();
            }
          }
        }
      }
      json.endObject();
    } catch (JsonDataException | NumberFormatException e) {
      throw new ProtocolException(
          context.system(),
          call,
          "malformed token response: " + e.getMessage(),
          "The token endpoint sent an unexpected body; check the token URL",
          e);
    } catch (com.squareup.moshi.JsonEncodingException e) {
      throw new ProtocolException(
          context.system(),
          call,
          "malformed token response JSON: " + e.getMessage(),
          "The token endpoint sent an unexpected body; check the token URL",
          e);
    }
    if (accessToken == null || accessToken.isEmpty()) {
      throw new ProtocolException(
          context.system(),
          call,
          "the token response has no access_token",
          "Check the token URL points at the system's OAuth 2.0 token endpoint",
          null);
    }
    if (grant == Grant.REFRESH_TOKEN
        && newRefreshToken != null
        && !newRefreshToken.isEmpty()
        && !newRefreshToken.equals(refreshToken.get())) {
      rotate(context, newRefreshToken);
    }
    Instant now = context.config().clock().instant();
    Instant expiresAt = expiresIn == null ? null : now.plusSeconds(expiresIn);
    String scheme =
        tokenType == null || tokenType.equalsIgnoreCase("bearer") ? "Bearer" : tokenType;
    return new AccessToken(scheme, accessToken, expiresAt, attributes);
  }

  private void rotate(TokenContext context, String newRefreshToken) {
    String connectionId = context.config().connectionId();
    try {
      // The host stores the new token before we drop the old one, so a crash never loses access.
      context
          .config()
          .credentialListener()
          .credentialRotated(connectionId, refreshTokenKey, newRefreshToken);
    } catch (RuntimeException e) {
      log.error(
          "revsync: {}: {}: the credential listener failed to store the rotated refresh token '{}' ({}); "
              + "this process goes on with the new one, but the host must reconnect after a restart",
          context.system(),
          connectionId,
          refreshTokenKey,
          e.getClass().getName());
    }
    refreshToken.set(newRefreshToken);
  }

  private AccessToken refused(TokenContext context, String call, Response response)
      throws IOException {
    String system = context.system();
    int status = response.code();
    String error = null;
    String description = null;
    String bodyStart = Redaction.bodyStart(response, 300);
    try (JsonReader json = JsonReader.of(response.body().source())) {
      if (json.peek() == JsonReader.Token.BEGIN_OBJECT) {
        json.beginObject();
        while (json.hasNext()) {
          String name = json.nextName();
          if (name.equals("error") && json.peek() == JsonReader.Token.STRING)
            error = json.nextString();
          else if (name.equals("error_description") && json.peek() == JsonReader.Token.STRING)
            description = json.nextString();
          else json.skipValue();
        }
      }
    } catch (IOException | JsonDataException e) {
      // Not an OAuth error body; the status and body start tell the story.
    }
    if (error == null) {
      if (status == 404 || status == 405) {
        throw new ConfigurationException(
            system,
            call,
            "the token endpoint answered HTTP " + status + ": " + bodyStart,
            "Check the token URL",
            null);
      }
      if (status == 400 || status == 401 || status == 403) {
        throw new AuthenticationException(
            system,
            call,
            "the token request was refused with HTTP " + status + ": " + bodyStart,
            "Check the client id and secret, then have the customer reconnect",
            null);
      }
      throw new VendorApiException(
          system,
          call,
          status,
          null,
          bodyStart,
          "Check the token URL and the app's OAuth settings");
    }
    String what =
        error
            + (description == null || description.isBlank() ? "" : " (" + clip(description) + ")");
    String code = error.toLowerCase(Locale.ROOT);
    if (code.equals("invalid_grant")) {
      if (grant == Grant.JWT_BEARER) {
        throw new AuthenticationException(
            system,
            call,
            "the JWT bearer assertion was refused: " + what,
            "Check that the app's certificate matches the private key, the client id is the app's, the user '"
                + subject
                + "' exists and is pre-authorized for the app, and the audience is the login host",
            null);
      }
      if (grant == Grant.REFRESH_TOKEN) {
        throw new AuthenticationException(
            system,
            call,
            "the refresh token was refused: " + what,
            "The refresh token is expired or revoked, or the user is inactive or blocked: the customer must "
                + "reconnect (authorize the app again) and the host must store the new refresh token under '"
                + refreshTokenKey
                + "'",
            null);
      }
      throw new AuthenticationException(
          system,
          call,
          "the client-credentials grant was refused: " + what,
          "Check that the app allows the client-credentials flow and has a run-as user, and that the token URL "
              + "is the account's own domain",
          null);
    }
    if (code.startsWith("invalid_client") || code.equals("unauthorized_client")) {
      throw new AuthenticationException(
          system,
          call,
          "the client was refused: " + what,
          "Check the client id/secret of the connected app (and that it is enabled for this grant type)",
          null);
    }
    throw new AuthenticationException(
        system,
        call,
        "the token request was refused: " + what,
        "Check the app's OAuth settings and the user's access; the customer may need to reconnect",
        null);
  }

  /**
   * The array's plain values joined by spaces, or null (and the array skipped) if it holds anything
   * else.
   */
  private static String joinedStrings(JsonReader json) throws IOException {
    StringBuilder b = new StringBuilder();
    boolean plain = true;
    json.beginArray();
    while (json.hasNext()) {
      JsonReader.Token t = json.peek();
      if (plain && (t == JsonReader.Token.STRING || t == JsonReader.Token.NUMBER)) {
        if (b.length() > 0) b.append(' ');
        b.append(json.nextString());
      } else {
        plain = false;
        json.skipValue();
      }
    }
    json.endArray();
    return plain ? b.toString() : null;
  }

  private static String clip(String text) {
    String s = Redaction.text(text.strip());
    return s.length() > DESCRIPTION_CHARS ? s.substring(0, DESCRIPTION_CHARS) + "…" : s;
  }

  private static Long parseSeconds(String value) {
    if (value == null || value.isBlank()) return null;
    return (long) Double.parseDouble(value.strip());
  }

  @Override
  public String toString() {
    return "OAuth2TokenProvider{" + grant.wireName + " " + tokenUrl + " clientId=" + clientId + "}";
  }
}
