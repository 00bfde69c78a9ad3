package dev.revsync.spi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Response;

/**
 * Reads a system's own usage counters off a response, so the {@link dev.revsync.QuotaPolicy} stays
 * under what the system says is left (HubSpot's daily headers, Dynamics', Salesforce's {@code
 * Sforce-Limit-Info}). Set one on {@link Transport.Builder#usage(UsageReader)}: the transport runs
 * it on every response, before the classifier, and remembers the last answer ({@link
 * Transport#systemUsage()}). A usage <em>body</em> (Marketo's usage call) is fed with {@link
 * Transport#reportSystemUsage(SystemUsage)} instead.
 *
 * <p>An unreadable header must not fail a good response: readers answer null for what they cannot
 * read. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface UsageReader {

  /** The usage {@code response} reports, or null when it carries none (or none readable). */
  SystemUsage read(Response response);

  /**
   * A header holding the calls left today ({@code X-Daily-Quota-Remaining: 4200}), and optionally
   * one holding the day's allowance.
   *
   * @param limitHeader the allowance header, or null when the system sends none
   */
  static UsageReader remainingHeader(String remainingHeader, String limitHeader) {
    return response -> {
      Long remaining = number(response.header(remainingHeader));
      if (remaining == null) return null;
      Long limit = limitHeader == null ? null : number(response.header(limitHeader));
      return limit == null
          ? SystemUsage.remaining(remaining)
          : SystemUsage.usedOf(limit - remaining, limit);
    };
  }

  /**
   * A header whose {@code pattern} finds calls used (group 1) and the allowance (group 2), such as
   * Salesforce's {@code Sforce-Limit-Info: api-usage=18/15000}.
   */
  static UsageReader usedOfLimitHeader(String header, Pattern pattern) {
    return response -> {
      String value = response.header(header);
      if (value == null) return null;
      Matcher m = pattern.matcher(value);
      if (!m.find()) return null;
      Long used = number(m.group(1));
      Long limit = number(m.group(2));
      return used == null || limit == null ? null : SystemUsage.usedOf(used, limit);
    };
  }

  /** A header's whole number, or null. */
  private static Long number(String value) {
    if (value == null) return null;
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
