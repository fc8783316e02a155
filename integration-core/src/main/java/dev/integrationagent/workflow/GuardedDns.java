package dev.integrationagent.workflow;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import okhttp3.Dns;

/**
 * Resolves a name and keeps only the addresses a call may reach: public ones, or any for a host
 * allowed into private networks. The check sits here, after resolution, so that a public-looking
 * name that resolves to {@code 127.0.0.1} or to the cloud metadata address is refused, and a
 * name resolving to both a public and a private address is only ever connected to the public
 * one.
 */
final class GuardedDns implements Dns {
  private final Dns delegate;
  private final Predicate<String> privateAllowed;

  GuardedDns(Dns delegate, Predicate<String> privateAllowed) {
    this.delegate = delegate;
    this.privateAllowed = privateAllowed;
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    List<InetAddress> all = delegate.lookup(hostname);
    if (privateAllowed.test(hostname)) {
      return all;
    }
    List<InetAddress> reachable = new ArrayList<>();
    String firstRefused = null;
    for (InetAddress address : all) {
      String kind = AddressGuard.nonPublicKind(address);
      if (kind == null) {
        reachable.add(address);
      } else if (firstRefused == null) {
        firstRefused = address.getHostAddress() + ", " + kind;
      }
    }
    if (reachable.isEmpty() && firstRefused != null) {
      throw new RefusedAddressException(hostname + " resolves to " + firstRefused
          + (all.size() > 1 ? " (and to no public address)" : ""));
    }
    return reachable;
  }

  /** A name that resolved only to addresses a call must not reach; the message says which. */
  static final class RefusedAddressException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    RefusedAddressException(String message) {
      super(message);
    }
  }
}
