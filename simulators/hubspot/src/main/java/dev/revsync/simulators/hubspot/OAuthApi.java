package dev.revsync.simulators.hubspot;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * HubSpot's OAuth endpoints: {@code POST /oauth/v1/token} (and the v3 twin) for the refresh-token
 * and authorization-code grants, and the access- and refresh-token introspection endpoints. Token
 * calls need no bearer and do not count against the portal's limits. Stateless.
 */
final class OAuthApi {
  private OAuthApi() {}

  /** The answer, or null when the path is not an OAuth endpoint. */
  static MockResponse handle(
      RecordedRequest request,
      String method,
      String path,
      String correlationId,
      HubSpotSimulator.Settings settings,
      OAuthServer oauth,
      Clock clock)
      throws IOException {
    if ((path.equals("/oauth/v1/token") || path.equals("/oauth/v3/token"))
        && method.equals("POST")) {
      return token(request, correlationId, settings, oauth);
    }
    if (path.startsWith("/oauth/v1/access-tokens/") && method.equals("GET")) {
      String value =
          URLDecoder.decode(
              path.substring("/oauth/v1/access-tokens/".length()), StandardCharsets.UTF_8);
      OAuthServer.AccessToken token = oauth.accessToken(value);
      if (token == null || !clock.instant().isBefore(token.expiresAt())) {
        return Wire.error(404, correlationId, "OBJECT_NOT_FOUND", "Token not found").build();
      }
      long expiresIn =
          Math.max(0, Duration.between(clock.instant(), token.expiresAt()).toSeconds());
      return Wire.json(
              200,
              correlationId,
              w -> {
                w.beginObject();
                w.name("token").value(token.value());
                w.name("user").value("integration@portal" + settings.portalId + ".example");
                w.name("hub_domain").value("portal" + settings.portalId + ".example");
                w.name("scopes");
                Wire.write(w, new ArrayList<>(settings.scopes));
                w.name("signed_access_token")
                    .beginObject()
                    .name("expiresAt")
                    .value(token.expiresAt().toEpochMilli())
                    .name("scopes")
                    .value("")
                    .name("hubId")
                    .value(settings.portalId)
                    .endObject();
                w.name("hub_id").value(settings.portalId);
                w.name("app_id").value(1_234_567);
                w.name("expires_in").value(expiresIn);
                w.name("user_id").value(789);
                w.name("token_type").value("access");
                w.name("is_private_distribution").value(false);
                w.endObject();
              })
          .build();
    }
    if (path.startsWith("/oauth/v1/refresh-tokens/") && method.equals("GET")) {
      String value =
          URLDecoder.decode(
              path.substring("/oauth/v1/refresh-tokens/".length()), StandardCharsets.UTF_8);
      if (!oauth.isCurrentRefreshToken(value)) {
        return Wire.error(404, correlationId, "OBJECT_NOT_FOUND", "Token not found").build();
      }
      return Wire.json(
              200,
              correlationId,
              w -> {
                w.beginObject();
                w.name("token").value(value);
                w.name("user").value("integration@portal" + settings.portalId + ".example");
                w.name("hub_domain").value("portal" + settings.portalId + ".example");
                w.name("scopes");
                Wire.write(w, new ArrayList<>(settings.scopes));
                w.name("hub_id").value(settings.portalId);
                w.name("client_id").value(settings.clientId);
                w.name("user_id").value(789);
                w.name("token_type").value("refresh");
                w.endObject();
              })
          .build();
    }
    return null;
  }

  private static MockResponse token(
      RecordedRequest request,
      String correlationId,
      HubSpotSimulator.Settings settings,
      OAuthServer oauth)
      throws IOException {
    Map<String, String> form =
        Wire.parseForm(request.getBody() == null ? "" : request.getBody().utf8());
    String grant = form.get("grant_type");
    if (!settings.clientId.equals(form.get("client_id"))
        || !settings.clientSecret.equals(form.get("client_secret"))) {
      return oauthError(
          correlationId,
          "BAD_CLIENT_ID",
          "invalid_client",
          "missing or unknown client id or secret",
          settings);
    }
    if ("refresh_token".equals(grant)) {
      if (!oauth.isCurrentRefreshToken(form.get("refresh_token"))) {
        return oauthError(
            correlationId,
            "BAD_REFRESH_TOKEN",
            "invalid_grant",
            "missing or unknown refresh token",
            settings);
      }
    } else if ("authorization_code".equals(grant)) {
      if (!oauth.redeemCode(form.get("code"), form.get("redirect_uri"))) {
        return oauthError(
            correlationId,
            "BAD_AUTH_CODE",
            "invalid_grant",
            "missing or unknown auth code",
            settings);
      }
    } else {
      return oauthError(
          correlationId,
          "BAD_GRANT_TYPE",
          "unsupported_grant_type",
          "grant_type must be refresh_token or authorization_code",
          settings);
    }
    String[] issued = oauth.issue();
    return Wire.json(
            200,
            correlationId,
            w -> {
              w.beginObject();
              w.name("token_type").value("bearer");
              w.name("refresh_token").value(issued[1]);
              w.name("access_token").value(issued[0]);
              w.name("expires_in").value(settings.tokenLifetime.toSeconds());
              w.name("token_use").value("access_token");
              w.name("hub_id").value(settings.portalId);
              w.name("user_id").value(789);
              w.name("scopes");
              Wire.write(w, new ArrayList<>(settings.scopes));
              w.endObject();
            })
        .build();
  }

  /**
   * HubSpot's OAuth error: 400 {@code status}/{@code message}, with {@code error} in newer
   * captures.
   */
  private static MockResponse oauthError(
      String correlationId,
      String status,
      String error,
      String message,
      HubSpotSimulator.Settings settings)
      throws IOException {
    return Wire.json(
            400,
            correlationId,
            w -> {
              w.beginObject();
              w.name("status").value(status);
              w.name("message").value(message);
              w.name("correlationId").value(correlationId);
              if (settings.badRefreshTokenCarriesOAuthError) {
                w.name("error").value(error);
                w.name("error_description").value(message);
              }
              w.endObject();
            })
        .build();
  }
}
