package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;

/**
 * One fan-out dispatch after rendering: its topic, what recipients are filtered on, and the tails its recipients
 * share. Built by the core-link thread and handed to exactly one event loop (other loops get a copy), which releases
 * the tails when its delivery task is done.
 */
final class RenderedDispatch
{
    static final int KIND_MESSAGE = 1;
    static final int KIND_TYPING = 2;
    static final int KIND_GUILD = 3;
    static final int KIND_MEMBER = 4;
    static final int KIND_MEMBER_UPDATE = 5;
    static final int KIND_PRESENCE = 6;
    static final int KIND_REACTION = 7;

    final int kind;
    final long topicId;
    final long guildId;
    final long authorId;
    final long[] mentionIds;
    final ByteBuf fullTail;
    final ByteBuf strippedTail;
    long publishedNs;

    RenderedDispatch(
        final int kind,
        final long topicId,
        final long guildId,
        final long authorId,
        final long[] mentionIds,
        final ByteBuf fullTail,
        final ByteBuf strippedTail)
    {
        this.kind = kind;
        this.topicId = topicId;
        this.guildId = guildId;
        this.authorId = authorId;
        this.mentionIds = mentionIds;
        this.fullTail = fullTail;
        this.strippedTail = strippedTail;
    }

    /**
     * The tail a session gets, by the intent that gates its kind (GUILDS for guild, channel and role changes,
     * GUILD_MEMBERS for member changes, GUILD_PRESENCES for presences, the message and typing intents); for
     * messages, content stripped unless it has MESSAGE_CONTENT, wrote the message, is mentioned, or the message is in
     * a DM (Discord's exemptions). Reads only the slot's dense filter fields.
     *
     * @param slots the recipient loop's session slots.
     * @param slot  recipient.
     * @return the tail, or null when the session's intents or shard exclude the dispatch.
     */
    ByteBuf tailFor(final SessionSlots slots, final int slot)
    {
        final long intents = slots.intents(slot);
        final int shardCount = slots.shardCount(slot);
        if (shardCount > 1 && !GatewayIntents.isOnShard(guildId, slots.shardId(slot), shardCount))
        {
            return null;
        }
        switch (kind)
        {
            case KIND_TYPING:
                return GatewayIntents.wantsTyping(intents, guildId) ? fullTail : null;
            case KIND_REACTION:
                return GatewayIntents.wantsReactions(intents, guildId) ? fullTail : null;
            case KIND_GUILD:
                return (intents & GatewayIntents.GUILDS) != 0 ? fullTail : null;
            case KIND_PRESENCE:
                return (intents & GatewayIntents.GUILD_PRESENCES) != 0 ? fullTail : null;
            case KIND_MEMBER:
                return (intents & GatewayIntents.GUILD_MEMBERS) != 0 ? fullTail : null;
            case KIND_MEMBER_UPDATE:
                // Discord sends a user the updates of its own member whatever its intents.
                return (intents & GatewayIntents.GUILD_MEMBERS) != 0 || slots.userId(slot) == authorId ?
                    fullTail : null;
            default:
                break;
        }
        if (!GatewayIntents.wantsMessages(intents, guildId))
        {
            return null;
        }
        if (null == strippedTail || (intents & GatewayIntents.MESSAGE_CONTENT) != 0 ||
            slots.userId(slot) == authorId || isMentioned(slots.userId(slot)))
        {
            return fullTail;
        }
        return strippedTail;
    }

    /**
     * A copy for another event loop, with its own tails: each loop then retains and releases only buffers no other
     * core touches, instead of every recipient bouncing one shared reference count between cores. Costs one memcpy
     * of the tails per loop per dispatch, independent of the number of recipients.
     *
     * @return the copy, owning one reference to each of its tails.
     */
    RenderedDispatch copyForAnotherLoop()
    {
        final RenderedDispatch copy = new RenderedDispatch(kind, topicId, guildId, authorId, mentionIds,
            fullTail.copy(), null == strippedTail ? null : strippedTail.copy());
        copy.publishedNs = publishedNs;
        return copy;
    }

    void release()
    {
        fullTail.release();
        if (null != strippedTail)
        {
            strippedTail.release();
        }
    }

    private boolean isMentioned(final long userId)
    {
        for (final long mentionId : mentionIds)
        {
            if (mentionId == userId)
            {
                return true;
            }
        }
        return false;
    }
}
