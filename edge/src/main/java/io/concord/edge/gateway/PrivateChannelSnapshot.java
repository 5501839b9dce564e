package io.concord.edge.gateway;

/**
 * A DM channel (Discord type 1) as one of its two recipients sees it: for READY's {@code private_channels} and a
 * DM's CHANNEL_CREATE. Immutable.
 *
 * @param id            channel id.
 * @param lastMessageId the newest message the core knows of, 0 for none ({@code null} in JSON).
 * @param recipient     the other user.
 */
public record PrivateChannelSnapshot(long id, long lastMessageId, UserSnapshot recipient)
{
}
