package dev.integrationagent.connectors.linear;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The sync marker of a created issue is its id. {@code IssueCreateInput.id} lets the client
 * choose the new issue's id ("in UUID v4 format"), so the connector derives one from the marker:
 * a create whose answer was lost is found again by reading that id, and a repeated create cannot
 * make a second issue (Linear refuses an id it already has). Nothing is written into the issue's
 * text, which people edit, and no search index is involved, so the lookup is exact at once.
 */
final class LinearMarkers {
  private LinearMarkers() {}

  /** A name-based UUID of the marker, with the version and variant bits of a v4 UUID. */
  static String issueId(String marker) {
    UUID named = UUID.nameUUIDFromBytes(("integration-agent:" + marker).getBytes(StandardCharsets.UTF_8));
    long msb = (named.getMostSignificantBits() & ~0xF000L) | 0x4000L;
    long lsb = (named.getLeastSignificantBits() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
