package dev.integrationagent.chaos;

/**
 * One write the person made, as the tool applied it.
 *
 * @param seq the person's order (the person writes one thing at a time, so this is the order applied)
 * @param token the item's token ({@code chaos-7-gh-12})
 * @param side {@code github} or {@code redmine}
 * @param itemId the item's id on that side
 * @param field {@code title}, {@code description} or {@code status}
 * @param value the value as both sides should compare it: the text, or {@code open}/{@code closed}
 * @param raw what was sent (GitHub state, Redmine status id, or the text)
 * @param atMillis when the tool's answer arrived (epoch millis)
 * @param create whether this was part of creating the item
 */
record Edit(long seq, String token, String side, String itemId, String field, String value, String raw,
    long atMillis, boolean create) {}
