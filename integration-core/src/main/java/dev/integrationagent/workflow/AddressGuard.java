package dev.integrationagent.workflow;

import java.net.InetAddress;
import java.util.List;
import javax.annotation.Nullable;

/**
 * Tells which addresses a workflow's HTTP call must not reach unless the agent allows private
 * networks: the ones that lead into the host's own network or machine rather than to a public
 * endpoint. A workflow document is data, often written by someone other than the host's
 * operator, so a step must not become a way to read an internal service or the cloud metadata
 * endpoint ({@code 169.254.169.254}).
 *
 * <p>IPv6 forms that carry an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, the deprecated
 * IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96} and 6to4 {@code 2002::/16}) are
 * judged by the IPv4 address they carry.
 */
final class AddressGuard {
  private record Range(byte[] prefix, int bits, String kind) {
    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (prefix[full] & mask);
    }
  }

  private static final List<Range> V4 = List.of(
      v4(0, 0, 0, 0, 8, "an unspecified address (0.0.0.0/8)"),
      v4(10, 0, 0, 0, 8, "a private address (10.0.0.0/8)"),
      v4(100, 64, 0, 0, 10, "a carrier-grade NAT address (100.64.0.0/10)"),
      v4(127, 0, 0, 0, 8, "a loopback address (127.0.0.0/8)"),
      v4(169, 254, 0, 0, 16, "a link-local address (169.254.0.0/16, where cloud metadata lives)"),
      v4(172, 16, 0, 0, 12, "a private address (172.16.0.0/12)"),
      v4(192, 0, 0, 0, 24, "an IETF protocol address (192.0.0.0/24)"),
      v4(192, 168, 0, 0, 16, "a private address (192.168.0.0/16)"),
      v4(198, 18, 0, 0, 15, "a benchmarking address (198.18.0.0/15)"),
      v4(224, 0, 0, 0, 4, "a multicast address (224.0.0.0/4)"),
      v4(240, 0, 0, 0, 4, "a reserved or broadcast address (240.0.0.0/4)"));

  private static final List<Range> V6 = List.of(
      v6(new int[] {0, 0, 0, 0, 0, 0, 0, 0}, 128, "the unspecified address (::)"),
      v6(new int[] {0, 0, 0, 0, 0, 0, 0, 1}, 128, "the loopback address (::1)"),
      v6(new int[] {0xfe80, 0, 0, 0, 0, 0, 0, 0}, 10, "a link-local address (fe80::/10)"),
      v6(new int[] {0xfec0, 0, 0, 0, 0, 0, 0, 0}, 10, "a site-local address (fec0::/10)"),
      v6(new int[] {0xfc00, 0, 0, 0, 0, 0, 0, 0}, 7, "a unique-local address (fc00::/7)"),
      v6(new int[] {0xff00, 0, 0, 0, 0, 0, 0, 0}, 8, "a multicast address (ff00::/8)"));

  private static final Range MAPPED = v6(new int[] {0, 0, 0, 0, 0, 0xffff, 0, 0}, 96, "an IPv4-mapped form of");
  private static final Range COMPATIBLE = v6(new int[] {0, 0, 0, 0, 0, 0, 0, 0}, 96, "an IPv4-compatible form of");
  private static final Range NAT64 = v6(new int[] {0x64, 0xff9b, 0, 0, 0, 0, 0, 0}, 96, "a NAT64 form of");
  private static final Range SIX_TO_FOUR = v6(new int[] {0x2002, 0, 0, 0, 0, 0, 0, 0}, 16, "a 6to4 form of");

  private AddressGuard() {}

  /**
   * What kind of non-public address this is ("a loopback address (127.0.0.0/8)", …), or null when it is a
   * public address a call may reach.
   */
  static @Nullable String nonPublicKind(InetAddress address) {
    return nonPublicKind(address.getAddress());
  }

  static @Nullable String nonPublicKind(byte[] address) {
    if (address.length == 4) {
      for (Range range : V4) {
        if (range.contains(address)) {
          return range.kind();
        }
      }
      return null;
    }
    for (Range range : V6) {
      if (range.contains(address)) {
        return range.kind();
      }
    }
    Range carrier = MAPPED.contains(address) ? MAPPED
        : COMPATIBLE.contains(address) ? COMPATIBLE
        : NAT64.contains(address) ? NAT64 : null;
    if (carrier != null) {
      String inner = nonPublicKind(new byte[] {address[12], address[13], address[14], address[15]});
      return inner == null ? null : carrier.kind() + " " + inner;
    }
    if (SIX_TO_FOUR.contains(address)) {
      String inner = nonPublicKind(new byte[] {address[2], address[3], address[4], address[5]});
      return inner == null ? null : SIX_TO_FOUR.kind() + " " + inner;
    }
    return null;
  }

  private static Range v4(int a, int b, int c, int d, int bits, String kind) {
    return new Range(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}, bits, kind);
  }

  private static Range v6(int[] groups, int bits, String kind) {
    byte[] prefix = new byte[16];
    for (int i = 0; i < 8; i++) {
      prefix[2 * i] = (byte) (groups[i] >> 8);
      prefix[2 * i + 1] = (byte) groups[i];
    }
    return new Range(prefix, bits, kind);
  }
}
