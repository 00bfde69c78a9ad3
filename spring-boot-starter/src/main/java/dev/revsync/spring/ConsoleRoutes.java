package dev.revsync.spring;

import dev.revsync.pipeline.SettingsConsole;
import jakarta.servlet.http.Cookie;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Serves the {@link SettingsConsole} at one path with Spring MVC: GET shows it, a form POST changes
 * a connection's limits. An ordinary MVC route, so the host guards it like any other (a Spring
 * Security rule on the path); the console checks its own form token, so exempt the path from Spring
 * Security's CSRF filter or leave that filter off for it.
 */
final class ConsoleRoutes {
  private ConsoleRoutes() {}

  static RouterFunction<ServerResponse> of(SettingsConsole console, String path) {
    return RouterFunctions.route()
        .GET(path, request -> respond(console.page(cookie(request))))
        .POST(path, request -> respond(console.submit(form(request), cookie(request))))
        .build();
  }

  private static String cookie(ServerRequest request) {
    Cookie[] cookies = request.servletRequest().getCookies();
    if (cookies == null) return null;
    for (Cookie c : cookies) {
      if (c.getName().equals(SettingsConsole.CSRF_COOKIE)) return c.getValue();
    }
    return null;
  }

  /** The first value of each form field (the servlet request parses the urlencoded body). */
  private static Map<String, String> form(ServerRequest request) {
    Map<String, String> form = new HashMap<>();
    request
        .servletRequest()
        .getParameterMap()
        .forEach(
            (k, v) -> {
              if (v.length > 0) form.put(k, v[0]);
            });
    return form;
  }

  private static ServerResponse respond(SettingsConsole.Response r) {
    return ServerResponse.status(r.status())
        .headers(
            h ->
                r.headers()
                    .forEach(
                        (k, v) -> {
                          if (!k.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) h.set(k, v);
                        }))
        .contentType(MediaType.parseMediaType(r.headers().get("Content-Type")))
        .body(r.bytes());
  }
}
