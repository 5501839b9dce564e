package io.concord.core.shard;

import io.concord.codecs.ChannelChangedDecoder;
import io.concord.codecs.ChannelVisibilityChangedDecoder;
import io.concord.codecs.EntityChange;
import io.concord.codecs.GuildSnapshotDecoder;
import io.concord.codecs.MessageCreatedDecoder;
import io.concord.codecs.MessageDeletedDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageUpdatedDecoder;
import io.concord.codecs.SubscriptionAction;
import io.concord.codecs.SubscriptionChangedDecoder;
import io.concord.codecs.TypingStartedDecoder;
import io.concord.core.state.Permissions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Never leak, checked against a simple reference model: random sequences of permission changes (channel overwrites,
 * role permissions, member roles, roles created and deleted), membership and session changes, channel creation,
 * edits and deletion, messages and typing run through the real shards; a simulated edge applies every frame the core
 * sends it exactly as the gateway does (subscription deltas, visibility changes, one dispatch per topic delivered to
 * the edge's subscribed sessions). After every step:
 * <ul>
 * <li>no session received a dispatch for a channel it cannot view at that moment (CHANNEL_DELETE of a removed
 * channel: could view just before; the CHANNEL_DELETE telling a session it lost view: cannot view any more);</li>
 * <li>every session that can view a channel received each of its dispatches exactly once, and a session that gained
 * or lost view received exactly one CHANNEL_CREATE or CHANNEL_DELETE;</li>
 * <li>a GUILD_CREATE lists exactly the channels the session can view, and every session's topics are its guild plus
 * exactly the channels it can view.</li>
 * </ul>
 * The model knows nothing of the core: it keeps its own roles, member roles and overwrites and applies Discord's
 * documented algorithm.
 */
class ChannelVisibilityPropertyTest
{
    private static final int USERS = 4;
    private static final long VIEW = Permissions.VIEW_CHANNEL;
    private static final long[] ROLE_PERMISSIONS =
        { 0, VIEW, VIEW | Permissions.SEND_MESSAGES, Permissions.ADMINISTRATOR, Permissions.EVERYONE_DEFAULT };
    private static final long[] OVERWRITE_BITS =
        { 0, VIEW, Permissions.SEND_MESSAGES, VIEW | Permissions.SEND_MESSAGES };

    /**
     * One gateway session of a user on an edge.
     */
    private record Session(int edgeId, long sessionId, int user)
    {
        String key()
        {
            return edgeId + "/" + sessionId;
        }
    }

    /**
     * One delivery to a session: what kind of event, on which channel.
     */
    private record Delivery(String kind, long channelId)
    {
    }

    /**
     * The reference model: the guild as plain maps, and Discord's algorithm over them.
     */
    private static final class Model
    {
        final long guildId;
        final long ownerId;
        final Map<Long, Long> rolePermissions = new LinkedHashMap<>();
        final Map<Long, Set<Long>> memberRoles = new HashMap<>();
        final Map<Long, Map<Long, long[]>> overwrites = new LinkedHashMap<>();

        Model(final long guildId, final long ownerId)
        {
            this.guildId = guildId;
            this.ownerId = ownerId;
            rolePermissions.put(guildId, Permissions.EVERYONE_DEFAULT);
        }

        boolean canView(final long userId, final long channelId)
        {
            final Set<Long> roles = memberRoles.get(userId);
            final Map<Long, long[]> channel = overwrites.get(channelId);
            if (null == roles || null == channel)
            {
                return false;
            }
            if (userId == ownerId)
            {
                return true;
            }
            long permissions = rolePermissions.get(guildId);
            for (final long roleId : roles)
            {
                permissions |= rolePermissions.getOrDefault(roleId, 0L);
            }
            if ((permissions & Permissions.ADMINISTRATOR) != 0)
            {
                return true;
            }
            final long[] everyone = channel.get(guildId);
            if (null != everyone)
            {
                permissions = (permissions & ~everyone[2]) | everyone[1];
            }
            long allow = 0;
            long deny = 0;
            for (final Map.Entry<Long, long[]> entry : channel.entrySet())
            {
                if (entry.getValue()[0] == 0 && roles.contains(entry.getKey()))
                {
                    allow |= entry.getValue()[1];
                    deny |= entry.getValue()[2];
                }
            }
            permissions = (permissions & ~deny) | allow;
            final long[] own = channel.get(userId);
            if (null != own && own[0] == 1)
            {
                permissions = (permissions & ~own[2]) | own[1];
            }
            return (permissions & VIEW) != 0;
        }
    }

    @Provide
    Arbitrary<List<int[]>> actions()
    {
        return Arbitraries.integers().between(0, 1_000_000).array(int[].class).ofSize(4).list().ofMinSize(1)
            .ofMaxSize(40);
    }

    /**
     * The default run: a fixed seed, so it is the same 60 sequences every time.
     */
    @Property(tries = 60, seed = "20261128")
    void nobodyReceivesADispatchForAChannelItCannotView(@ForAll("actions") final List<int[]> actions)
    {
        check(actions);
    }

    /**
     * The long run: many more sequences from a fresh seed each time (jqwik prints it on failure).
     */
    @Property(tries = 1_000)
    @Tag("slow")
    void nobodyReceivesADispatchForAChannelItCannotViewManySeeds(@ForAll("actions") final List<int[]> actions)
    {
        check(actions);
    }

    private static void check(final List<int[]> actions)
    {
        final ShardHarness harness = new ShardHarness(2);
        final EdgeCommands edge = new EdgeCommands(harness);
        final long[] users = new long[USERS];
        for (int i = 0; i < USERS; i++)
        {
            users[i] = edge.register(1 + i % 2, "user" + i);
        }
        final long owner = users[0];
        final long guildId = edge.createGuild(1, owner, "prop");
        final Model model = new Model(guildId, owner);
        model.memberRoles.put(owner, new HashSet<>());
        final List<Long> channels = new ArrayList<>();
        for (final io.concord.core.state.Channel channel : harness.shardOfGuild(guildId).guild(guildId).channels())
        {
            channels.add(channel.id());
            model.overwrites.put(channel.id(), new LinkedHashMap<>());
        }
        final long general = channels.get(0);
        final Set<Long> textChannels = new HashSet<>();
        textChannels.add(general);
        final String invite = edge.createInvite(1, owner, general);
        final List<Long> roles = new ArrayList<>();
        roles.add(guildId);
        roles.add(createRole(edge, model, owner, guildId, VIEW));
        roles.add(createRole(edge, model, owner, guildId, 0));
        for (int i = 1; i < USERS; i++)
        {
            edge.acceptInvite(1 + i % 2, users[i], invite);
            model.memberRoles.put(users[i], new HashSet<>());
        }

        // User 1 has a session on each edge, so one change reaches two edges for the same user.
        final List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < USERS; i++)
        {
            sessions.add(new Session(1 + i % 2, 100 + i, i));
        }
        sessions.add(new Session(1, 200, 1));
        final Map<Session, Boolean> open = new HashMap<>();
        final SimulatedEdges edges = new SimulatedEdges(harness);
        for (final Session session : sessions)
        {
            edges.mark();
            edge.identify(session.edgeId(), session.sessionId(), users[session.user()]);
            open.put(session, true);
            edges.deliver();
        }
        edges.snapshots.clear();
        final Map<Long, Long> lastMessage = new HashMap<>();

        for (final int[] action : actions)
        {
            final int user = 1 + action[1] % (USERS - 1);
            final long userId = users[user];
            final long channelId = channels.get(action[2] % channels.size());
            final long roleId = roles.get(action[3] % roles.size());
            final Map<String, Set<Long>> viewBefore = viewable(model, sessions, open, users, channels);
            final Map<String, Boolean> inGuildBefore = inGuild(model, sessions, open, users);
            final List<Long> channelsBefore = new ArrayList<>(channels);
            edges.mark();
            String expectedEvent = null;
            switch (action[0] % 12)
            {
                case 0:
                {
                    final boolean add = action[2] % 2 == 0;
                    edge.memberRole(1, owner, guildId, userId, roleId, add);
                    if (model.memberRoles.containsKey(userId) && roleId != guildId)
                    {
                        if (add)
                        {
                            model.memberRoles.get(userId).add(roleId);
                        }
                        else
                        {
                            model.memberRoles.get(userId).remove(roleId);
                        }
                    }
                    break;
                }
                case 1:
                {
                    final boolean member = action[1] % 3 == 0;
                    final long target = member ? userId : roleId;
                    final long allow = OVERWRITE_BITS[action[2] % 4];
                    final long deny = OVERWRITE_BITS[action[3] % 4];
                    edge.putOverwrite(1, owner, channelId, target, member, allow, deny);
                    model.overwrites.get(channelId).put(target, new long[]{ member ? 1 : 0, allow, deny });
                    break;
                }
                case 2:
                {
                    final long target = action[1] % 3 == 0 ? userId : roleId;
                    edge.deleteOverwrite(1, owner, channelId, target);
                    model.overwrites.get(channelId).remove(target);
                    break;
                }
                case 3:
                {
                    final long permissions = ROLE_PERMISSIONS[action[2] % 5];
                    edge.updateRolePermissions(1, owner, guildId, roleId, permissions);
                    model.rolePermissions.put(roleId, permissions);
                    break;
                }
                case 4:
                    if (model.memberRoles.containsKey(userId))
                    {
                        edge.removeMember(1, owner, guildId, userId);
                        // Kicked members lose their roles; their member overwrites stay, as in Discord.
                        model.memberRoles.remove(userId);
                    }
                    else
                    {
                        edge.acceptInvite(1 + user % 2, userId, invite);
                        model.memberRoles.put(userId, new HashSet<>());
                    }
                    break;
                case 5:
                {
                    final int type = action[2] % 3 == 0 ? 4 : action[2] % 3 == 1 ? 0 : 2;
                    final long created = edge.createChannel(1, owner, guildId, "c" + action[2], type);
                    channels.add(created);
                    if (0 == type)
                    {
                        textChannels.add(created);
                    }
                    model.overwrites.put(created, new LinkedHashMap<>());
                    break;
                }
                case 6:
                    if (channelId != general)
                    {
                        edge.deleteChannel(1, owner, channelId);
                        channels.remove(channelId);
                        model.overwrites.remove(channelId);
                        lastMessage.remove(channelId);
                    }
                    break;
                case 7:
                {
                    final Session session = sessions.get(action[3] % sessions.size());
                    final long sessionUser = users[session.user()];
                    if (open.get(session))
                    {
                        edge.closeSession(session.edgeId(), session.sessionId(), sessionUser);
                    }
                    else
                    {
                        edge.identify(session.edgeId(), session.sessionId(), sessionUser);
                    }
                    open.put(session, !open.get(session));
                    break;
                }
                case 8:
                    if (roleId != guildId && roles.size() > 2)
                    {
                        edge.deleteRole(1, owner, guildId, roleId);
                        roles.remove(roleId);
                        model.rolePermissions.remove(roleId);
                        for (final Set<Long> memberRoles : model.memberRoles.values())
                        {
                            memberRoles.remove(roleId);
                        }
                        for (final Map<Long, long[]> channel : model.overwrites.values())
                        {
                            channel.remove(roleId);
                        }
                    }
                    else
                    {
                        roles.add(createRole(edge, model, owner, guildId, ROLE_PERMISSIONS[action[2] % 5]));
                    }
                    break;
                case 9:
                    edge.createMessage(1, owner, channelId, "m" + action[3]);
                    expectedEvent = textChannels.contains(channelId) ? "message-create" : null;
                    break;
                case 10:
                    if (lastMessage.containsKey(channelId))
                    {
                        if (action[3] % 2 == 0)
                        {
                            edge.editMessage(1, owner, channelId, lastMessage.get(channelId), "edited");
                            expectedEvent = "message-update";
                        }
                        else
                        {
                            edge.deleteMessage(1, owner, channelId, lastMessage.remove(channelId));
                            expectedEvent = "message-delete";
                        }
                    }
                    else
                    {
                        edge.typing(1, owner, channelId);
                    }
                    break;
                default:
                    edge.updateChannel(1, owner, channelId, "renamed" + action[3]);
                    expectedEvent = "channel-update";
                    break;
            }

            final Map<String, List<Delivery>> delivered = edges.deliver();
            final Map<String, Set<Long>> viewAfter = viewable(model, sessions, open, users, channels);
            final Map<String, Boolean> inGuildAfter = inGuild(model, sessions, open, users);
            lastMessage.putAll(edges.createdMessages);
            edges.createdMessages.clear();
            final String step = "action " + (action[0] % 12) + " " + java.util.Arrays.toString(action);

            final Set<String> kinds = new TreeSet<>();
            for (final List<Delivery> list : delivered.values())
            {
                for (final Delivery delivery : list)
                {
                    kinds.add(delivery.kind() + " " + delivery.channelId());
                }
            }
            if (null != expectedEvent)
            {
                assertTrue(kinds.contains(expectedEvent + " " + channelId), step + ": no " + expectedEvent);
            }
            for (final String event : kinds)
            {
                final String kind = event.substring(0, event.indexOf(' '));
                final long eventChannel = Long.parseLong(event.substring(event.indexOf(' ') + 1));
                final Set<String> expected = new TreeSet<>();
                for (final Session session : sessions)
                {
                    final String key = session.key();
                    final boolean before = viewBefore.get(key).contains(eventChannel);
                    final boolean after = viewAfter.get(key).contains(eventChannel);
                    final boolean stayed = inGuildBefore.get(key) && inGuildAfter.get(key);
                    final boolean expect;
                    switch (kind)
                    {
                        case "gained":
                            expect = stayed && after && !before;
                            break;
                        case "lost":
                            expect = stayed && before && !after;
                            break;
                        case "channel-delete":
                            expect = inGuildBefore.get(key) && before;
                            break;
                        case "channel-update":
                            expect = stayed && before && after;
                            break;
                        default:
                            expect = inGuildAfter.get(key) && after;
                            break;
                    }
                    if (expect)
                    {
                        expected.add(key);
                    }
                }
                final Set<String> actual = new TreeSet<>();
                for (final Map.Entry<String, List<Delivery>> entry : delivered.entrySet())
                {
                    int times = 0;
                    for (final Delivery delivery : entry.getValue())
                    {
                        times += delivery.kind().equals(kind) && delivery.channelId() == eventChannel ? 1 : 0;
                    }
                    if (times > 0)
                    {
                        assertEquals(1, times, step + ": " + entry.getKey() + " got " + event + " " + times + " times");
                        actual.add(entry.getKey());
                    }
                }
                assertEquals(expected, actual, step + ": recipients of " + event);
            }
            // Visibility changed without the change's own event: each session that gained or lost a channel it kept
            // being in the guild for was told exactly once.
            for (final Session session : sessions)
            {
                final String key = session.key();
                if (!(inGuildBefore.get(key) && inGuildAfter.get(key)))
                {
                    continue;
                }
                for (final long channel : channels)
                {
                    if (channelsBefore.contains(channel) &&
                        viewBefore.get(key).contains(channel) != viewAfter.get(key).contains(channel))
                    {
                        final String told = viewAfter.get(key).contains(channel) ? "gained" : "lost";
                        assertTrue(delivered.getOrDefault(key, List.of()).contains(new Delivery(told, channel)),
                            step + ": " + key + " not told it " + told + " " + channel);
                    }
                }
            }
            for (final Map.Entry<String, Set<Long>> entry : edges.snapshots.entrySet())
            {
                assertEquals(viewAfter.get(entry.getKey()), entry.getValue(),
                    step + ": GUILD_CREATE of " + entry.getKey());
            }
            edges.snapshots.clear();
            for (final Session session : sessions)
            {
                final Set<Long> expectedTopics = new HashSet<>();
                if (inGuildAfter.get(session.key()))
                {
                    expectedTopics.add(guildId);
                    expectedTopics.addAll(viewAfter.get(session.key()));
                }
                assertEquals(expectedTopics, edges.topics(session.key()), step + ": topics of " + session.key());
            }
        }
    }

    private static long createRole(
        final EdgeCommands edge, final Model model, final long owner, final long guildId, final long permissions)
    {
        final long roleId = edge.createRole(1, owner, guildId, permissions);
        model.rolePermissions.put(roleId, permissions);
        return roleId;
    }

    private static Map<String, Set<Long>> viewable(
        final Model model,
        final List<Session> sessions,
        final Map<Session, Boolean> open,
        final long[] users,
        final List<Long> channels)
    {
        final Map<String, Set<Long>> result = new HashMap<>();
        for (final Session session : sessions)
        {
            final Set<Long> visible = new HashSet<>();
            if (open.get(session))
            {
                for (final long channel : channels)
                {
                    if (model.canView(users[session.user()], channel))
                    {
                        visible.add(channel);
                    }
                }
            }
            result.put(session.key(), visible);
        }
        return result;
    }

    private static Map<String, Boolean> inGuild(
        final Model model, final List<Session> sessions, final Map<Session, Boolean> open, final long[] users)
    {
        final Map<String, Boolean> result = new HashMap<>();
        for (final Session session : sessions)
        {
            result.put(session.key(), open.get(session) && model.memberRoles.containsKey(users[session.user()]));
        }
        return result;
    }

    /**
     * Every edge as the gateway behaves: per-session topics from SubscriptionChanged and ChannelVisibilityChanged,
     * and each channel-topic dispatch delivered to the sessions of the receiving edge subscribed to that topic.
     */
    private static final class SimulatedEdges
    {
        final Map<String, Set<Long>> snapshots = new HashMap<>();
        final Map<Long, Long> createdMessages = new HashMap<>();
        private final ShardHarness harness;
        private final Map<String, Set<Long>> topics = new HashMap<>();
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private int mark;

        SimulatedEdges(final ShardHarness harness)
        {
            this.harness = harness;
        }

        void mark()
        {
            mark = harness.edgeFrames.size();
        }

        Set<Long> topics(final String key)
        {
            return topics.getOrDefault(key, Set.of());
        }

        /**
         * @return per session key, what it received since {@link #mark()}.
         */
        Map<String, List<Delivery>> deliver()
        {
            final Map<String, List<Delivery>> delivered = new HashMap<>();
            final List<ShardHarness.Frame> frames = harness.edgeFrames.subList(mark, harness.edgeFrames.size());
            for (final ShardHarness.Frame frame : frames)
            {
                final UnsafeBuffer buffer = frame.buffer();
                header.wrap(buffer, 0);
                switch (frame.templateId())
                {
                    case SubscriptionChangedDecoder.TEMPLATE_ID:
                    {
                        final SubscriptionChangedDecoder d =
                            new SubscriptionChangedDecoder().wrapAndApplyHeader(buffer, 0, header);
                        final String key = d.edgeId() + "/" + d.sessionId();
                        final boolean subscribe = SubscriptionAction.SUBSCRIBE == d.action();
                        for (final SubscriptionChangedDecoder.TopicsDecoder topic : d.topics())
                        {
                            topic.kind();
                            change(key, subscribe, topic.topicId());
                        }
                        break;
                    }
                    case ChannelVisibilityChangedDecoder.TEMPLATE_ID:
                    {
                        final ChannelVisibilityChangedDecoder d =
                            new ChannelVisibilityChangedDecoder().wrapAndApplyHeader(buffer, 0, header);
                        final int edgeId = d.edgeId();
                        final boolean visible = EntityChange.CREATED == d.change();
                        d.guildId();
                        final long channelId = d.channelId();
                        for (final ChannelVisibilityChangedDecoder.OverwritesDecoder overwrite : d.overwrites())
                        {
                            overwrite.targetId();
                        }
                        for (final ChannelVisibilityChangedDecoder.SessionsDecoder session : d.sessions())
                        {
                            final String key = edgeId + "/" + session.sessionId();
                            if (visible)
                            {
                                change(key, true, channelId);
                            }
                            delivered.computeIfAbsent(key, (k) -> new ArrayList<>())
                                .add(new Delivery(visible ? "gained" : "lost", channelId));
                            if (!visible)
                            {
                                change(key, false, channelId);
                            }
                        }
                        break;
                    }
                    case GuildSnapshotDecoder.TEMPLATE_ID:
                        onSnapshot(frame, new GuildSnapshotDecoder().wrapAndApplyHeader(buffer, 0, header));
                        break;
                    case MessageCreatedDecoder.TEMPLATE_ID:
                    {
                        final MessageCreatedDecoder d =
                            new MessageCreatedDecoder().wrapAndApplyHeader(buffer, 0, header);
                        d.edgeId();
                        d.correlationId();
                        d.guildId();
                        final long channelId = d.channelId();
                        createdMessages.put(channelId, d.messageId());
                        toTopic(delivered, frame.edgeId(), channelId, "message-create");
                        break;
                    }
                    case MessageUpdatedDecoder.TEMPLATE_ID:
                    {
                        final MessageUpdatedDecoder d =
                            new MessageUpdatedDecoder().wrapAndApplyHeader(buffer, 0, header);
                        d.edgeId();
                        d.correlationId();
                        d.guildId();
                        toTopic(delivered, frame.edgeId(), d.channelId(), "message-update");
                        break;
                    }
                    case MessageDeletedDecoder.TEMPLATE_ID:
                    {
                        final MessageDeletedDecoder d =
                            new MessageDeletedDecoder().wrapAndApplyHeader(buffer, 0, header);
                        d.edgeId();
                        d.correlationId();
                        d.guildId();
                        toTopic(delivered, frame.edgeId(), d.channelId(), "message-delete");
                        break;
                    }
                    case TypingStartedDecoder.TEMPLATE_ID:
                    {
                        final TypingStartedDecoder d =
                            new TypingStartedDecoder().wrapAndApplyHeader(buffer, 0, header);
                        d.edgeId();
                        d.guildId();
                        toTopic(delivered, frame.edgeId(), d.channelId(), "typing");
                        break;
                    }
                    case ChannelChangedDecoder.TEMPLATE_ID:
                    {
                        final ChannelChangedDecoder d =
                            new ChannelChangedDecoder().wrapAndApplyHeader(buffer, 0, header);
                        d.edgeId();
                        d.correlationId();
                        final EntityChange change = d.change();
                        d.guildId();
                        final long channelId = d.channelId();
                        if (EntityChange.UPDATED == change)
                        {
                            toTopic(delivered, frame.edgeId(), channelId, "channel-update");
                        }
                        else if (EntityChange.DELETED == change)
                        {
                            toTopic(delivered, frame.edgeId(), channelId, "channel-delete");
                        }
                        else if (EntityChange.CREATED == change)
                        {
                            toTopic(delivered, frame.edgeId(), channelId, "channel-create");
                        }
                        break;
                    }
                    default:
                        break;
                }
            }
            return delivered;
        }

        private void onSnapshot(final ShardHarness.Frame frame, final GuildSnapshotDecoder d)
        {
            d.edgeId();
            d.correlationId();
            final long sessionId = d.sessionId();
            for (final GuildSnapshotDecoder.RolesDecoder role : d.roles())
            {
                role.roleId();
                role.name();
            }
            final Set<Long> listed = new HashSet<>();
            for (final GuildSnapshotDecoder.ChannelsDecoder channel : d.channels())
            {
                listed.add(channel.channelId());
                for (final GuildSnapshotDecoder.ChannelsDecoder.OverwritesDecoder overwrite : channel.overwrites())
                {
                    overwrite.targetId();
                }
                channel.name();
                channel.topic();
            }
            if (0 != sessionId)
            {
                snapshots.put(frame.edgeId() + "/" + sessionId, listed);
            }
        }

        private void toTopic(
            final Map<String, List<Delivery>> delivered, final int edgeId, final long channelId, final String kind)
        {
            for (final Map.Entry<String, Set<Long>> entry : topics.entrySet())
            {
                if (entry.getKey().startsWith(edgeId + "/") && entry.getValue().contains(channelId))
                {
                    delivered.computeIfAbsent(entry.getKey(), (k) -> new ArrayList<>())
                        .add(new Delivery(kind, channelId));
                }
            }
        }

        private void change(final String key, final boolean subscribe, final long topicId)
        {
            final Set<Long> set = topics.computeIfAbsent(key, (k) -> new HashSet<>());
            if (subscribe)
            {
                set.add(topicId);
            }
            else
            {
                set.remove(topicId);
            }
        }
    }
}
