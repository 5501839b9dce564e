package io.concord.core;

import io.concord.codecs.AcceptInviteDecoder;
import io.concord.codecs.BulkDeleteMessagesDecoder;
import io.concord.codecs.ChangeMemberRoleDecoder;
import io.concord.codecs.CreateChannelDecoder;
import io.concord.codecs.CreateGuildDecoder;
import io.concord.codecs.CreateInviteDecoder;
import io.concord.codecs.CreateMessageDecoder;
import io.concord.codecs.CreateRoleDecoder;
import io.concord.codecs.DeleteChannelDecoder;
import io.concord.codecs.DeleteGuildDecoder;
import io.concord.codecs.DeleteInviteDecoder;
import io.concord.codecs.DeleteMessageDecoder;
import io.concord.codecs.DeleteOverwriteDecoder;
import io.concord.codecs.DeleteRoleDecoder;
import io.concord.codecs.EditMessageDecoder;
import io.concord.codecs.GetChannelDecoder;
import io.concord.codecs.GetGuildDecoder;
import io.concord.codecs.GetMessageReactionsDecoder;
import io.concord.codecs.GetReactionUsersDecoder;
import io.concord.codecs.GetUserDecoder;
import io.concord.codecs.HistoryRequestDecoder;
import io.concord.codecs.LinkProbeDecoder;
import io.concord.codecs.ListUserGuildsDecoder;
import io.concord.codecs.LookupCredentialsDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.OpenDmDecoder;
import io.concord.codecs.PresenceUpdateDecoder;
import io.concord.codecs.RequestGuildMembersDecoder;
import io.concord.codecs.PutOverwriteDecoder;
import io.concord.codecs.ReactToMessageDecoder;
import io.concord.codecs.RegisterUserDecoder;
import io.concord.codecs.RemoveMemberDecoder;
import io.concord.codecs.UpdateMemberDecoder;
import io.concord.codecs.ResolveInviteDecoder;
import io.concord.codecs.SeedMembersDecoder;
import io.concord.codecs.SeedUsersDecoder;
import io.concord.codecs.RevokeTokensDecoder;
import io.concord.codecs.SessionClosedDecoder;
import io.concord.codecs.SessionOpenedDecoder;
import io.concord.codecs.TriggerTypingDecoder;
import io.concord.codecs.UpdateChannelDecoder;
import io.concord.codecs.UpdateGuildDecoder;
import io.concord.codecs.UpdateRoleDecoder;
import io.concord.core.state.Invite;
import org.agrona.DirectBuffer;

/**
 * Pure routing functions: which shard owns a guild, a user, a username, or an id the core minted, and which shard an
 * edge must send a given command to. Stateless and allocation free except for username-keyed commands; safe from any
 * thread (edges call {@link #shardOf(DirectBuffer, int, int)} on their own threads).
 * <p>
 * Every id a shard mints (channel, role, message, invite, user, guild) carries the minting node and shard in the
 * snowflake's 10 worker bits: {@code node << 5 | shard}. Channels, roles, messages and invites are minted by the
 * shard that owns their guild, so their shard is read straight from the id, with no directory.
 */
public final class CoreRouting
{
    /**
     * Discord's epoch, 2015-01-01T00:00:00Z.
     */
    public static final long DISCORD_EPOCH_MS = 1_420_070_400_000L;

    /**
     * Bits of the snowflake's worker field that hold the shard; the other 5 hold the node.
     */
    public static final int SHARD_BITS = 5;
    public static final int MAX_SHARDS = 1 << SHARD_BITS;
    public static final int MAX_NODES = 1 << (10 - SHARD_BITS);

    /**
     * Returned by {@link #shardOf(DirectBuffer, int, int)} for frames that are not edge commands.
     */
    public static final int NOT_ROUTABLE = -1;

    private CoreRouting()
    {
    }

    /**
     * Discord's guild shard formula.
     *
     * @param guildId a guild id.
     * @param shards  shard count.
     * @return {@code (guildId >> 22) % shards}.
     */
    public static int shardOfGuild(final long guildId, final int shards)
    {
        return (int)((guildId >>> 22) % shards);
    }

    /**
     * @param userId a user id.
     * @param shards shard count.
     * @return the user shard, {@code (userId >> 22) % shards}.
     */
    public static int shardOfUser(final long userId, final int shards)
    {
        return (int)((userId >>> 22) % shards);
    }

    /**
     * @param id an id minted by a core shard.
     * @return the shard that minted it.
     */
    public static int shardOfMintedId(final long id)
    {
        return (int)((id >>> 12) & (MAX_SHARDS - 1));
    }

    /**
     * The shard that owns the DM channel of two users (and the index that makes it unique): a mix of both ids, the
     * same whichever of the two asks. The DM channel's id is minted there, so channel-keyed commands reach it by
     * {@link #shardOfMintedId(long)} like any other channel.
     *
     * @param userId      one user.
     * @param recipientId the other user.
     * @param shards      shard count.
     * @return the DM shard of the pair.
     */
    public static int shardOfDm(final long userId, final long recipientId, final int shards)
    {
        final long low = Math.min(userId, recipientId);
        final long high = Math.max(userId, recipientId);
        long hash = low * 0x9E37_79B9_7F4A_7C15L + high;
        hash ^= hash >>> 31;
        hash *= 0xBF58_476D_1CE4_E5B9L;
        hash ^= hash >>> 29;
        return (int)((hash & Long.MAX_VALUE) % shards);
    }

    /**
     * Account shard of a login name: case-insensitive FNV-1a over the characters.
     *
     * @param username a login name.
     * @param shards   shard count.
     * @return its account shard.
     */
    public static int shardOfUsername(final CharSequence username, final int shards)
    {
        int hash = 0x811C9DC5;
        for (int i = 0, n = username.length(); i < n; i++)
        {
            hash ^= Character.toLowerCase(username.charAt(i));
            hash *= 0x01000193;
        }
        return (int)((hash & 0xFFFF_FFFFL) % shards);
    }

    /**
     * The 10 worker bits for a node and shard.
     *
     * @param nodeId  core node, {@code [0, MAX_NODES)}.
     * @param shardId shard, {@code [0, MAX_SHARDS)}.
     * @return the snowflake node id.
     */
    public static long workerId(final int nodeId, final int shardId)
    {
        return ((long)nodeId << SHARD_BITS) | shardId;
    }

    /**
     * The shard an edge must publish an edge command to.
     *
     * @param buffer holding an SBE frame of the Concord protocol, header included.
     * @param offset of the frame.
     * @param shards shard count.
     * @return the shard, or {@link #NOT_ROUTABLE} for frames that are not edge commands (or name a shard that does
     *         not exist, e.g. a forged channel id).
     */
    public static int shardOf(final DirectBuffer buffer, final int offset, final int shards)
    {
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int shard;
        switch (templateId)
        {
            case SessionOpenedDecoder.TEMPLATE_ID:
                shard = shardOfUser(userAt(buffer, body, SessionOpenedDecoder.userIdEncodingOffset()), shards);
                break;
            case SessionClosedDecoder.TEMPLATE_ID:
                shard = shardOfUser(userAt(buffer, body, SessionClosedDecoder.userIdEncodingOffset()), shards);
                break;
            case PresenceUpdateDecoder.TEMPLATE_ID:
                shard = shardOfUser(userAt(buffer, body, PresenceUpdateDecoder.userIdEncodingOffset()), shards);
                break;
            case CreateGuildDecoder.TEMPLATE_ID:
                shard = shardOfUser(userAt(buffer, body, CreateGuildDecoder.userIdEncodingOffset()), shards);
                break;
            case AcceptInviteDecoder.TEMPLATE_ID:
                shard = shardOfUser(userAt(buffer, body, AcceptInviteDecoder.userIdEncodingOffset()), shards);
                break;
            case RevokeTokensDecoder.TEMPLATE_ID:
                shard = shardOfUser(userAt(buffer, body, RevokeTokensDecoder.userIdEncodingOffset()), shards);
                break;
            case OpenDmDecoder.TEMPLATE_ID:
                shard = shardOfUser(userAt(buffer, body, OpenDmDecoder.userIdEncodingOffset()), shards);
                break;
            case ListUserGuildsDecoder.TEMPLATE_ID:
                shard = shardOfUser(userAt(buffer, body, ListUserGuildsDecoder.userIdEncodingOffset()), shards);
                break;
            case GetUserDecoder.TEMPLATE_ID:
                shard = shardOfUser(userAt(buffer, body, GetUserDecoder.targetUserIdEncodingOffset()), shards);
                break;
            case GetGuildDecoder.TEMPLATE_ID:
                shard = shardOfGuild(userAt(buffer, body, GetGuildDecoder.guildIdEncodingOffset()), shards);
                break;
            case RequestGuildMembersDecoder.TEMPLATE_ID:
                shard = shardOfGuild(userAt(buffer, body, RequestGuildMembersDecoder.guildIdEncodingOffset()), shards);
                break;
            case DeleteGuildDecoder.TEMPLATE_ID:
                shard = shardOfGuild(userAt(buffer, body, DeleteGuildDecoder.guildIdEncodingOffset()), shards);
                break;
            case UpdateGuildDecoder.TEMPLATE_ID:
                shard = shardOfGuild(userAt(buffer, body, UpdateGuildDecoder.guildIdEncodingOffset()), shards);
                break;
            case CreateChannelDecoder.TEMPLATE_ID:
                shard = shardOfGuild(userAt(buffer, body, CreateChannelDecoder.guildIdEncodingOffset()), shards);
                break;
            case CreateRoleDecoder.TEMPLATE_ID:
                shard = shardOfGuild(userAt(buffer, body, CreateRoleDecoder.guildIdEncodingOffset()), shards);
                break;
            case UpdateRoleDecoder.TEMPLATE_ID:
                shard = shardOfGuild(userAt(buffer, body, UpdateRoleDecoder.guildIdEncodingOffset()), shards);
                break;
            case DeleteRoleDecoder.TEMPLATE_ID:
                shard = shardOfGuild(userAt(buffer, body, DeleteRoleDecoder.guildIdEncodingOffset()), shards);
                break;
            case ChangeMemberRoleDecoder.TEMPLATE_ID:
                shard = shardOfGuild(userAt(buffer, body, ChangeMemberRoleDecoder.guildIdEncodingOffset()), shards);
                break;
            case RemoveMemberDecoder.TEMPLATE_ID:
                shard = shardOfGuild(userAt(buffer, body, RemoveMemberDecoder.guildIdEncodingOffset()), shards);
                break;
            case UpdateMemberDecoder.TEMPLATE_ID:
                shard = shardOfGuild(userAt(buffer, body, UpdateMemberDecoder.guildIdEncodingOffset()), shards);
                break;
            case SeedMembersDecoder.TEMPLATE_ID:
                shard = shardOfGuild(userAt(buffer, body, SeedMembersDecoder.guildIdEncodingOffset()), shards);
                break;
            case SeedUsersDecoder.TEMPLATE_ID:
                shard = shardOfUser(userAt(buffer, body, SeedUsersDecoder.routingUserIdEncodingOffset()), shards);
                break;
            case CreateMessageDecoder.TEMPLATE_ID:
                shard = shardOfMintedId(userAt(buffer, body, CreateMessageDecoder.channelIdEncodingOffset()));
                break;
            case EditMessageDecoder.TEMPLATE_ID:
                shard = shardOfMintedId(userAt(buffer, body, EditMessageDecoder.channelIdEncodingOffset()));
                break;
            case DeleteMessageDecoder.TEMPLATE_ID:
                shard = shardOfMintedId(userAt(buffer, body, DeleteMessageDecoder.channelIdEncodingOffset()));
                break;
            case BulkDeleteMessagesDecoder.TEMPLATE_ID:
                shard = shardOfMintedId(userAt(buffer, body, BulkDeleteMessagesDecoder.channelIdEncodingOffset()));
                break;
            case HistoryRequestDecoder.TEMPLATE_ID:
                shard = shardOfMintedId(userAt(buffer, body, HistoryRequestDecoder.channelIdEncodingOffset()));
                break;
            case TriggerTypingDecoder.TEMPLATE_ID:
                shard = shardOfMintedId(userAt(buffer, body, TriggerTypingDecoder.channelIdEncodingOffset()));
                break;
            case UpdateChannelDecoder.TEMPLATE_ID:
                shard = shardOfMintedId(userAt(buffer, body, UpdateChannelDecoder.channelIdEncodingOffset()));
                break;
            case DeleteChannelDecoder.TEMPLATE_ID:
                shard = shardOfMintedId(userAt(buffer, body, DeleteChannelDecoder.channelIdEncodingOffset()));
                break;
            case PutOverwriteDecoder.TEMPLATE_ID:
                shard = shardOfMintedId(userAt(buffer, body, PutOverwriteDecoder.channelIdEncodingOffset()));
                break;
            case DeleteOverwriteDecoder.TEMPLATE_ID:
                shard = shardOfMintedId(userAt(buffer, body, DeleteOverwriteDecoder.channelIdEncodingOffset()));
                break;
            case CreateInviteDecoder.TEMPLATE_ID:
                shard = shardOfMintedId(userAt(buffer, body, CreateInviteDecoder.channelIdEncodingOffset()));
                break;
            case GetChannelDecoder.TEMPLATE_ID:
                shard = shardOfMintedId(userAt(buffer, body, GetChannelDecoder.channelIdEncodingOffset()));
                break;
            case ReactToMessageDecoder.TEMPLATE_ID:
                shard = shardOfMintedId(userAt(buffer, body, ReactToMessageDecoder.channelIdEncodingOffset()));
                break;
            case GetReactionUsersDecoder.TEMPLATE_ID:
                shard = shardOfMintedId(userAt(buffer, body, GetReactionUsersDecoder.channelIdEncodingOffset()));
                break;
            case GetMessageReactionsDecoder.TEMPLATE_ID:
                shard = shardOfMintedId(userAt(buffer, body, GetMessageReactionsDecoder.channelIdEncodingOffset()));
                break;
            case DeleteInviteDecoder.TEMPLATE_ID:
                shard = shardOfMintedId(Invite.idOf(varString(buffer, body + DeleteInviteDecoder.BLOCK_LENGTH)));
                break;
            case ResolveInviteDecoder.TEMPLATE_ID:
                shard = shardOfMintedId(Invite.idOf(varString(buffer, body + ResolveInviteDecoder.BLOCK_LENGTH)));
                break;
            case RegisterUserDecoder.TEMPLATE_ID:
                shard = shardOfUsername(varString(buffer, body + RegisterUserDecoder.BLOCK_LENGTH), shards);
                break;
            case LookupCredentialsDecoder.TEMPLATE_ID:
                shard = shardOfUsername(varString(buffer, body + LookupCredentialsDecoder.BLOCK_LENGTH), shards);
                break;
            case LinkProbeDecoder.TEMPLATE_ID:
                shard = buffer.getInt(body + LinkProbeDecoder.shardIdEncodingOffset(), MessageHeaderDecoder.BYTE_ORDER);
                break;
            default:
                return NOT_ROUTABLE;
        }
        return shard >= 0 && shard < shards ? shard : NOT_ROUTABLE;
    }

    private static long userAt(final DirectBuffer buffer, final int body, final int fieldOffset)
    {
        return buffer.getLong(body + fieldOffset, MessageHeaderDecoder.BYTE_ORDER);
    }

    private static String varString(final DirectBuffer buffer, final int at)
    {
        final int length = buffer.getShort(at, MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        return buffer.getStringWithoutLengthUtf8(at + 2, length);
    }
}
