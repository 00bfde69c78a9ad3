package dev.revsync.dynamics;

import dev.revsync.AuthenticationException;
import dev.revsync.ConfigurationException;
import dev.revsync.ProtocolException;
import dev.revsync.VendorApiException;
import dev.revsync.spi.AccessToken;
import dev.revsync.spi.Json;
import dev.revsync.spi.JwtAssertion;
import dev.revsync.spi.TokenContext;
import dev.revsync.spi.TokenProvider;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Microsoft Entra ID client credentials for one connection: {@code POST
 * <authority>/<tenant>/oauth2/v2.0/token} with scope {@code <environment>/.default} and the app's
 * secret, or a JWT client assertion signed with the certificate's private key ({@link
 * JwtAssertion}). The tenant, when not configured, is read once from the environment's 401 {@code
 * WWW-Authenticate} answer. AADSTS errors become typed, actionable exceptions (wrong tenant,
 * unknown app, bad or expired secret, bad certificate, unknown environment). Tokens are renewed
 * five minutes before {@code expires_in} runs out; no refresh token exists for this grant.
 *
 * <p>Fetches run one at a time under the transport's lock, so the discovered tenant needs no
 * locking of its own beyond visibility.
 */
final class DynamicsAuth implements TokenProvider {
  private static final Pattern AUTHORIZATION_URI =
      Pattern.compile("authorization_uri=\"?https?://[^/\\s\"]+/([^/\\s\"]+)/");
  private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");
  private static final Duration EARLY_RENEWAL = Duration.ofMinutes(5);
  private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(10);

  private final DynamicsConfig config;
  private volatile String tenant;

  DynamicsAuth(DynamicsConfig config) {
    this.config = config;
    this.tenant = config.tenantId();
  }

  @Override
  public AccessToken fetch(TokenContext context) {
    String tenantId = tenant != null ? tenant : discoverTenant(context);
    HttpUrl tokenUrl =
        config
            .authority()
            .newBuilder()
            .addPathSegment(tenantId)
            .addPathSegments("oauth2/v2.0/token")
            .build();
    FormBody.Builder form =
        new FormBody.Builder()
            .add("grant_type", "client_credentials")
            .add("client_id", config.clientId())
            .add("scope", config.scope());
    Instant now = context.config().clock().instant();
    if (config.clientSecret() != null) {
      form.add("client_secret", config.clientSecret());
    } else {
      form.add("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
      form.add("client_assertion", clientAssertion(tokenUrl.toString(), now));
    }
    Request request =
        new Request.Builder()
            .url(tokenUrl)
            .header("Accept", "application/json")
            .post(form.build())
            .build();
    String call = "POST /" + tenantId + "/oauth2/v2.0/token";
    return context.execute(
        request,
        response ->
            response.isSuccessful()
                ? token(response, call, context)
                : refused(response, call, tenantId));
  }

  private AccessToken token(Response response, String call, TokenContext context)
      throws IOException {
    Map<String, Object> body =
        Json.readObject(response.body().source(), DynamicsConfig.SYSTEM, call);
    Object accessToken = body.get("access_token");
    if (!(accessToken instanceof String value) || value.isEmpty()) {
      throw new ProtocolException(
          DynamicsConfig.SYSTEM,
          call,
          "the token answer has no access_token",
          "Check " + DynamicsConfig.AUTHORITY_URL + " points at Microsoft Entra ID",
          null);
    }
    // v2 answers expires_in as a number, v1 as a string: take either
    long seconds = 3599;
    Object expiresIn = body.get("expires_in");
    try {
      if (expiresIn != null) seconds = Long.parseLong(expiresIn.toString().trim());
    } catch (NumberFormatException e) {
      throw new ProtocolException(
          DynamicsConfig.SYSTEM,
          call,
          "expires_in is not a number: " + expiresIn,
          "Check " + DynamicsConfig.AUTHORITY_URL + " points at Microsoft Entra ID",
          e);
    }
    Instant now = context.config().clock().instant();
    Duration lifetime = Duration.ofSeconds(seconds);
    Duration early =
        lifetime.compareTo(EARLY_RENEWAL.multipliedBy(2)) > 0
            ? EARLY_RENEWAL
            : lifetime.dividedBy(10);
    return AccessToken.bearer(
        value, now.plus(lifetime).minus(early), Map.of("tenant", tenant == null ? "" : tenant));
  }

  private AccessToken refused(Response response, String call, String tenantId) throws IOException {
    String text = response.body().string();
    Map<String, Object> error;
    try {
      error = Json.parseObject(text, DynamicsConfig.SYSTEM, call);
    } catch (ProtocolException notJson) {
      error = Map.of();
    }
    String code = error.get("error") instanceof String s ? s : null;
    String description = error.get("error_description") instanceof String s ? firstLine(s) : null;
    if (code == null) {
      if (response.code() == 404) {
        throw new ConfigurationException(
            DynamicsConfig.SYSTEM,
            call,
            "the token endpoint answered HTTP 404",
            "Check "
                + DynamicsConfig.AUTHORITY_URL
                + " (default "
                + DynamicsConfig.DEFAULT_AUTHORITY
                + ")",
            null);
      }
      throw new VendorApiException(
          DynamicsConfig.SYSTEM,
          call,
          response.code(),
          null,
          text.length() > 300 ? text.substring(0, 300) : text,
          "Check " + DynamicsConfig.AUTHORITY_URL);
    }
    long aadsts = aadsts(error, description);
    String what = code + (description == null ? "" : " (" + description + ")");
    String problem;
    String action;
    if (aadsts == 90002 || aadsts == 900023 || aadsts == 90072 || aadsts == 700005) {
      problem = "the tenant '" + tenantId + "' is unknown to Microsoft Entra ID: " + what;
      action =
          "Check "
              + DynamicsConfig.TENANT_ID
              + ": the customer's directory (tenant) id or verified domain";
    } else if (aadsts == 700016 || code.equals("unauthorized_client")) {
      problem =
          "the app '"
              + config.clientId()
              + "' is not registered in tenant '"
              + tenantId
              + "': "
              + what;
      action =
          "Check "
              + DynamicsConfig.CLIENT_ID
              + " and that the app registration lives in (or is consented to by) "
              + "the customer's tenant";
    } else if (aadsts == 7000215 || aadsts == 7000218) {
      problem = "the client secret was refused: " + what;
      action =
          "Check "
              + DynamicsConfig.CLIENT_SECRET
              + ": use the secret's Value (not its Secret ID), or create a "
              + "new secret for the app registration";
    } else if (aadsts == 7000222) {
      problem = "the client secret has expired: " + what;
      action =
          "Create a new client secret for the app registration and update "
              + DynamicsConfig.CLIENT_SECRET;
    } else if (aadsts == 700027 || aadsts == 700023 || aadsts == 50027 || aadsts == 700024) {
      problem = "the certificate's client assertion was refused: " + what;
      action =
          "Upload the certificate's public part to the app registration and check "
              + DynamicsConfig.CERTIFICATE_THUMBPRINT
              + " and "
              + DynamicsConfig.CERTIFICATE_PRIVATE_KEY;
    } else if (aadsts == 500011
        || aadsts == 70011
        || code.equals("invalid_scope")
        || code.equals("invalid_resource")) {
      throw new ConfigurationException(
          DynamicsConfig.SYSTEM,
          call,
          "the environment '"
              + config.environment()
              + "' is not a resource in tenant '"
              + tenantId
              + "': "
              + what,
          "Check the base URL is the environment URL (such as https://contoso.crm.dynamics.com) of this tenant",
          null);
    } else {
      problem = "the token request was refused: " + what;
      action = "Check the app registration's client credentials and the tenant";
    }
    throw new AuthenticationException(DynamicsConfig.SYSTEM, call, problem, action, null);
  }

  /**
   * Reads the tenant from the environment's 401 {@code WWW-Authenticate: Bearer
   * authorization_uri=…/<tenant>/…}.
   */
  private String discoverTenant(TokenContext context) {
    HttpUrl root = config.serviceRoot();
    Request probe = new Request.Builder().url(root).header("Accept", "application/json").build();
    String call = "GET " + root.encodedPath() + " (tenant discovery)";
    String found =
        context.execute(
            probe,
            response -> {
              String header = response.header("WWW-Authenticate");
              Matcher m = header == null ? null : AUTHORIZATION_URI.matcher(header);
              return m != null && m.find() ? m.group(1) : null;
            });
    if (found == null) {
      throw new ConfigurationException(
          DynamicsConfig.SYSTEM,
          call,
          "the environment did not name its tenant in " + "WWW-Authenticate",
          "Set " + DynamicsConfig.TENANT_ID + " (the customer's directory id)",
          null);
    }
    tenant = found;
    return found;
  }

  /**
   * Entra's client assertion: RS256 with the certificate's SHA-1 thumbprint as {@code x5t}
   * (base64url of its bytes, not of the hex), {@code iss} and {@code sub} the client id, a fresh
   * {@code jti} so Entra's replay check never refuses a retry.
   */
  String clientAssertion(String audience, Instant now) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("typ", "JWT");
    header.put(
        "x5t",
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(HexFormat.of().parseHex(config.certificateThumbprint())));
    long iat = now.getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", audience);
    claims.put("iss", config.clientId());
    claims.put("sub", config.clientId());
    claims.put("jti", UUID.randomUUID().toString());
    claims.put("nbf", iat);
    claims.put("iat", iat);
    claims.put("exp", iat + ASSERTION_LIFETIME.toSeconds());
    return JwtAssertion.sign(header, claims, config.certificateKey());
  }

  private static long aadsts(Map<String, Object> error, String description) {
    if (error.get("error_codes") instanceof List<?> codes
        && !codes.isEmpty()
        && codes.get(0) instanceof Number n) {
      return n.longValue();
    }
    if (description != null) {
      Matcher m = AADSTS.matcher(description);
      if (m.find()) return Long.parseLong(m.group(1));
    }
    return -1;
  }

  private static String firstLine(String s) {
    int cut = s.indexOf('\r');
    if (cut < 0) cut = s.indexOf('\n');
    String line = cut < 0 ? s : s.substring(0, cut);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  @Override
  public String toString() {
    return "DynamicsAuth{" + config + "}";
  }
}
