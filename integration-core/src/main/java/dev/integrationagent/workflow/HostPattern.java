package dev.integrationagent.workflow;

import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * One entry of the {@code http.call} allow-list: an exact host name or IP address
 * ({@code api.example.com}, {@code 10.0.0.7}, {@code ::1}), or {@code *.example.com} for every
 * subdomain of {@code example.com} (at any depth, not {@code example.com} itself).
 *
 * @param host the canonical host (lower case, punycode, IPv6 without brackets), without the
 *     {@code *.} of a wildcard
 * @param subdomains whether the entry was {@code *.host}
 */
record HostPattern(String host, boolean subdomains) {
  /** Parses an allow-list entry; IllegalArgumentException quoting it when it is not a host. */
  static HostPattern parse(String entry) {
    String trimmed = entry.strip();
    boolean wildcard = trimmed.startsWith("*.");
    String name = wildcard ? trimmed.substring(2) : trimmed;
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    if (name.isEmpty() || name.contains("*") || name.contains("/") || name.contains(":") && wildcard) {
      throw new IllegalArgumentException(invalid(entry));
    }
    String canonical;
    try {
      canonical = new HttpUrl.Builder().scheme("http").host(name).build().host();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(invalid(entry), e);
    }
    return new HostPattern(canonical.toLowerCase(Locale.ROOT), wildcard);
  }

  private static String invalid(String entry) {
    return "allowed host must be a host name, an IP address or '*.' and a domain (like '*.example.com'), was '"
        + entry + "'";
  }

  /** Whether {@code urlHost}, as {@link HttpUrl#host()} gives it, is covered by this entry. */
  boolean matches(String urlHost) {
    String h = urlHost.toLowerCase(Locale.ROOT);
    return subdomains ? h.endsWith("." + host) : h.equals(host);
  }

  @Override
  public String toString() {
    return subdomains ? "*." + host : host;
  }
}
