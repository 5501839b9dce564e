package io.concord.edge.core;

import io.concord.codecs.BooleanType;
import io.concord.codecs.ChannelKind;
import io.concord.codecs.GuildSnapshotEncoder;
import io.concord.codecs.MessageHeaderEncoder;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes the GuildSnapshot a guild's core shard sends for one session, as the edge tests feed it to the core link:
 * one {@code @everyone} role, one text channel named "general" and one bot member named "alice". Test code.
 */
public final class GuildSnapshotFrames
{
    private GuildSnapshotFrames()
    {
    }

    /**
     * @param frame             buffer the frame is written to, from offset 0.
     * @param edgeId            the session's edge.
     * @param sessionId         the session.
     * @param guildId           the guild (also the {@code @everyone} role id).
     * @param channelId         its text channel.
     * @param userId            its member.
     * @param isEveryoneHoisted {@code hoist} of the {@code @everyone} role.
     * @param name              the guild's name.
     * @return the frame's length.
     */
    public static int encode(final MutableDirectBuffer frame, final int edgeId, final long sessionId,
        final long guildId, final long channelId, final long userId, final boolean isEveryoneHoisted, final String name)
    {
        final GuildSnapshotEncoder encoder = new GuildSnapshotEncoder()
            .wrapAndApplyHeader(frame, 0, new MessageHeaderEncoder())
            .edgeId(edgeId).correlationId(0).sessionId(sessionId).guildId(guildId).ownerId(userId).memberCount(1)
            .large(BooleanType.FALSE);
        encoder.rolesCount(1).next().roleId(guildId).permissions(1024).color(0).position(0)
            .hoist(isEveryoneHoisted ? BooleanType.TRUE : BooleanType.FALSE).mentionable(BooleanType.FALSE)
            .name("@everyone");
        final GuildSnapshotEncoder.ChannelsEncoder channels = encoder.channelsCount(1);
        channels.next().channelId(channelId).channelType(ChannelKind.GUILD_TEXT).parentId(0).position(0)
            .rateLimitPerUser(0).overwritesCount(0);
        channels.name("general").topic("");
        final GuildSnapshotEncoder.MembersEncoder members = encoder.membersCount(1);
        members.next().userId(userId).joinedAtMs(1_700_000_000_000L).bot(BooleanType.TRUE).rolesCount(0);
        members.username("alice").nick("");
        encoder.name(name);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
