package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;

/**
 * One fan-out dispatch after rendering: its topic, what recipients are filtered on, and the shared tails. Built by
 * the core-link thread, then read (never written) by every event loop; each loop holds one reference to each tail
 * until its delivery task is done.
 */
final class RenderedDispatch
{
    static final int KIND_MESSAGE = 1;
    static final int KIND_TYPING = 2;

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
     * The tail this session gets: content stripped unless it has MESSAGE_CONTENT, wrote the message, is mentioned,
     * or the message is in a DM (Discord's exemptions).
     *
     * @param session recipient.
     * @return the tail, or null when the session's intents or shard exclude the dispatch.
     */
    ByteBuf tailFor(final GatewaySession session)
    {
        final long intents = session.intents();
        if (!GatewayIntents.isOnShard(guildId, session.shardId(), session.shardCount()))
        {
            return null;
        }
        if (KIND_TYPING == kind)
        {
            return GatewayIntents.wantsTyping(intents, guildId) ? fullTail : null;
        }
        if (!GatewayIntents.wantsMessages(intents, guildId))
        {
            return null;
        }
        if (null == strippedTail || (intents & GatewayIntents.MESSAGE_CONTENT) != 0 ||
            session.userId() == authorId || isMentioned(session.userId()))
        {
            return fullTail;
        }
        return strippedTail;
    }

    void retain()
    {
        fullTail.retain();
        if (null != strippedTail)
        {
            strippedTail.retain();
        }
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
