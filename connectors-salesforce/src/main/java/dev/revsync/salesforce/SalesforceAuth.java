package dev.revsync.salesforce;

import static dev.revsync.salesforce.SalesforceConfig.SYSTEM;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.revsync.AuthenticationException;
import dev.revsync.ConfigurationException;
import dev.revsync.PermissionException;
import dev.revsync.ProtocolException;
import dev.revsync.RevsyncException;
import dev.revsync.spi.AccessToken;
import dev.revsync.spi.JwtAssertion;
import dev.revsync.spi.TokenContext;
import dev.revsync.spi.TokenProvider;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Obtains OAuth 2.0 access tokens from {@code {loginHost}/services/oauth2/token} with one of three
 * grants: refresh token, client credentials (My Domain host) or JWT bearer. Salesforce returns no
 * {@code expires_in}: a token lives until a call answers {@code INVALID_SESSION_ID}, when the
 * transport (REST) or the SOAP client asks for a new one. The token's attributes carry {@code
 * instance_url} and the org and user ids parsed from the identity URL.
 *
 * <p>A rotated refresh token is handed to the config's credential listener before the old one is
 * dropped. Thread-safe (the transport calls it single-flight anyway).
 */
final class SalesforceAuth implements TokenProvider {
  private static final String CALL = "POST /services/oauth2/token";
  private static final Pattern IDENTITY =
      Pattern.compile(".*/id/([A-Za-z0-9]{15,18})/([A-Za-z0-9]{15,18})/?$");

  // The token's attributes: the token response's own fields, and the org and user its identity URL
  // names.
  static final String INSTANCE_URL = "instance_url";
  static final String IDENTITY_URL = "id";
  static final String ORG_ID = "orgId";
  static final String USER_ID = "userId";
  static final String SCOPE = "scope";

  /** The refresh token in use: Salesforce may rotate it on every refresh. */
  private final AtomicReference<String> refreshToken;

  private final SalesforceConfig config;

  SalesforceAuth(SalesforceConfig config) {
    this.config = config;
    this.refreshToken = new AtomicReference<>(config.refreshToken());
  }

  @Override
  public AccessToken fetch(TokenContext context) {
    FormBody.Builder form = new FormBody.Builder();
    String grant;
    switch (config.authFlow()) {
      case REFRESH_TOKEN -> {
        grant = "refresh_token";
        form.add("grant_type", grant)
            .add("refresh_token", refreshToken.get())
            .add("client_id", config.clientId());
        if (config.clientSecret() != null) form.add("client_secret", config.clientSecret());
      }
      case CLIENT_CREDENTIALS -> {
        grant = "client_credentials";
        form.add("grant_type", grant)
            .add("client_id", config.clientId())
            .add("client_secret", config.clientSecret());
      }
      case JWT -> {
        grant = "jwt-bearer";
        form.add("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
            .add(
                "assertion",
                JwtAssertion.sign(
                    JwtAssertion.bearerClaims(
                        config.clientId(),
                        config.username(),
                        config.jwtAudience(),
                        context.config().clock().instant()),
                    config.privateKey()));
      }
      default -> throw new IllegalStateException(String.valueOf(config.authFlow()));
    }
    Request request =
        new Request.Builder()
            .url(config.tokenUrl())
            .header("Accept", "application/json")
            .post(form.build())
            .build();
    AccessToken token = context.execute(request, response -> read(response, grant));
    String rotated = token.attribute("refresh_token");
    if (rotated != null) {
      // Rotation on: the old token dies now, so the host must store the new one first.
      context
          .config()
          .credentialListener()
          .credentialRotated(
              context.config().connectionId(), SalesforceConfig.REFRESH_TOKEN, rotated);
      refreshToken.set(rotated);
      Map<String, String> attributes = new HashMap<>(token.attributes());
      attributes.remove("refresh_token");
      token = AccessToken.bearer(token.value(), null, attributes);
    }
    return token;
  }

  private AccessToken read(Response response, String grant) throws IOException {
    Map<String, String> fields = new HashMap<>();
    try (JsonReader reader = JsonReader.of(response.body().source())) {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        throw malformed(response.code(), "expected a JSON object, found " + reader.peek(), null);
      }
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (reader.peek() == JsonReader.Token.STRING || reader.peek() == JsonReader.Token.NUMBER) {
          fields.put(name, reader.nextString());
        } else {
          reader.skipValue();
        }
      }
      reader.endObject();
    } catch (JsonEncodingException | JsonDataException e) {
      throw malformed(response.code(), "the body is not valid JSON (" + e.getMessage() + ")", e);
    }
    if (!response.isSuccessful() || !fields.containsKey("access_token")) {
      throw failure(response.code(), grant, fields.get("error"), fields.get("error_description"));
    }
    String accessToken = fields.get("access_token");
    String instanceUrl = fields.get(INSTANCE_URL);
    if (instanceUrl == null && config.instanceOverride() == null) {
      throw malformed(response.code(), "the token response has no instance_url", null);
    }
    Map<String, String> attributes = new HashMap<>();
    if (instanceUrl != null) attributes.put(INSTANCE_URL, instanceUrl);
    String identity = fields.get(IDENTITY_URL);
    if (identity != null) {
      attributes.put(IDENTITY_URL, identity);
      Matcher m = IDENTITY.matcher(identity);
      if (m.matches()) {
        attributes.put(ORG_ID, m.group(1));
        attributes.put(USER_ID, m.group(2));
      }
    }
    if (fields.get(SCOPE) != null) attributes.put(SCOPE, fields.get(SCOPE));
    String newRefresh = fields.get("refresh_token");
    if (newRefresh != null
        && config.authFlow() == SalesforceConfig.AuthFlow.REFRESH_TOKEN
        && !newRefresh.equals(refreshToken.get())) {
      attributes.put("refresh_token", newRefresh); // taken out again by fetch()
    }
    return AccessToken.bearer(accessToken, null, attributes);
  }

  private static ProtocolException malformed(int status, String problem, Throwable cause) {
    return new ProtocolException(
        SYSTEM,
        CALL,
        "HTTP " + status + ": " + problem,
        "Check that loginUrl points at a Salesforce login host",
        cause);
  }

  /**
   * Maps the OAuth error body to who must act. Descriptions are Salesforce's own, never secrets.
   */
  static RevsyncException failure(int status, String grant, String error, String description) {
    String code = error == null ? "HTTP " + status : error;
    String said = code + (description != null ? " (" + description + ")" : "");
    String desc = description == null ? "" : description.toLowerCase(java.util.Locale.ROOT);
    String problem = "the " + grant + " grant was refused: " + said;
    if (error == null) {
      return new ProtocolException(
          SYSTEM,
          CALL,
          "HTTP " + status + " without an OAuth error body",
          "Check that loginUrl points at a Salesforce login host",
          null);
    }
    switch (error) {
      case "invalid_client_id":
        return new AuthenticationException(
            SYSTEM,
            CALL,
            problem,
            "The clientId is not a connected app's consumer key in this org: copy it from the connected app",
            null);
      case "invalid_client":
        return new AuthenticationException(
            SYSTEM,
            CALL,
            problem,
            "The clientSecret does not match the connected app: copy the consumer secret again",
            null);
      case "inactive_user":
        return new AuthenticationException(
            SYSTEM,
            CALL,
            problem,
            "The integration user is inactive or frozen: a Salesforce admin must reactivate it",
            null);
      case "inactive_org":
        return new AuthenticationException(
            SYSTEM,
            CALL,
            problem,
            "The org is locked, expired or its API access is off: the customer must contact Salesforce",
            null);
      case "unsupported_grant_type":
        return new ConfigurationException(
            SYSTEM,
            CALL,
            problem,
            "Enable this flow on the connected app"
                + (grant.equals("client_credentials")
                    ? " (and set a run-as user), and send it to the org's My Domain host"
                    : ""),
            null);
      case "invalid_grant":
        if (desc.contains("expired") || desc.contains("revoked")) {
          return new AuthenticationException(
              SYSTEM,
              CALL,
              problem,
              "The refresh token was revoked or expired: the customer must reconnect (authorize the app again)",
              null);
        }
        if (desc.contains("approve")
            || desc.contains("not pre-authorized")
            || desc.contains("admin")) {
          return new PermissionException(
              SYSTEM,
              CALL,
              problem,
              "Pre-authorize the user's profile or permission set on the connected app (Admin approved users)",
              null);
        }
        if (desc.contains("audience")
            || desc.contains("issuer")
            || desc.contains("signature")
            || desc.contains("expiration")) {
          return new AuthenticationException(
              SYSTEM,
              CALL,
              problem,
              "Check the connected app's certificate matches privateKey, clientId is its consumer key and "
                  + "loginUrl is production or sandbox as the org is",
              null);
        }
        return new AuthenticationException(
            SYSTEM,
            CALL,
            problem,
            "The credentials were refused: check "
                + (grant.equals("jwt-bearer")
                    ? "username and privateKey"
                    : grant.equals("refresh_token")
                        ? "the refresh token (the customer may need to reconnect)"
                        : "clientId and clientSecret")
                + ", and that loginUrl is the org's host",
            null);
      default:
        return new AuthenticationException(
            SYSTEM,
            CALL,
            problem,
            "Check the connected app's settings and the connection's credentials",
            null);
    }
  }
}
