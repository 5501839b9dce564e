package io.concord.bench.presence;

import io.concord.codecs.BooleanType;
import io.concord.codecs.CreateMessageEncoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.TriggerTypingEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The typing storm on one {@link StormShard}: {@code users} members of one guild with {@code channels} text
 * channels, one session each spread over the edges; user {@code i} types in channel {@code i % channels}. Each call
 * is a TriggerTyping from a random user at a simulated rate, with the shard's duty cycle every simulated
 * millisecond; one call in {@link #SEND_EVERY} is a message from that user instead (which ends its indicator).
 */
final class TypingStorm
{
    static final int SEND_EVERY = 1_000;

    final StormShard storm;
    private final long[] userIds;
    private final long[] channelIds;
    private final UnsafeBuffer typingBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final UnsafeBuffer messageBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final TriggerTypingEncoder typing = new TriggerTypingEncoder();
    private final CreateMessageEncoder message = new CreateMessageEncoder();
    private final int typingLength;
    private final int messageLength;
    private final SplittableRandom random = new SplittableRandom(7);
    private long calls;
    private int perMs = 10;

    TypingStorm(final int users, final int channels)
    {
        storm = new StormShard(1_000, 10_000);
        userIds = new long[users];
        for (int i = 0; i < users; i++)
        {
            userIds[i] = storm.register("t" + i);
        }
        final long guildId = storm.createGuild(userIds[0], "typists");
        channelIds = new long[channels];
        channelIds[0] = storm.shard.guild(guildId).channels().get(0).id();
        for (int c = 1; c < channels; c++)
        {
            channelIds[c] = storm.createTextChannel(userIds[0], guildId, "c" + c);
        }
        final String code = storm.createInvite(userIds[0], channelIds[0]);
        for (int i = 1; i < users; i++)
        {
            storm.join(userIds[i], guildId, code);
        }
        for (int i = 0; i < users; i++)
        {
            storm.identify(i + 1, userIds[i], StormShard.GUILDS);
        }
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        typing.wrapAndApplyHeader(typingBuffer, 0, header).edgeId(1).correlationId(0).userId(0).channelId(0);
        typingLength = MessageHeaderEncoder.ENCODED_LENGTH + typing.encodedLength();
        message.wrapAndApplyHeader(messageBuffer, 0, header).edgeId(1).correlationId(0).userId(0).channelId(0)
            .referencedMessageId(0).enforceNonce(BooleanType.FALSE).nonce("").content("done typing");
        messageLength = MessageHeaderEncoder.ENCODED_LENGTH + message.encodedLength();
        storm.startCounting();
    }

    /**
     * @param ratePerSecond simulated calls per second.
     */
    void rate(final int ratePerSecond)
    {
        perMs = Math.max(1, ratePerSecond / 1000);
    }

    /**
     * One call: a typing (or, one in {@link #SEND_EVERY}, a message) from a random user in its channel.
     *
     * @return 1.
     */
    long call()
    {
        final int user = random.nextInt(userIds.length);
        final long channelId = channelIds[user % channelIds.length];
        if (0 == ++calls % SEND_EVERY)
        {
            message.userId(userIds[user]).channelId(channelId);
            storm.onFrame(messageBuffer, messageLength);
        }
        else
        {
            typing.userId(userIds[user]).channelId(channelId);
            storm.onFrame(typingBuffer, typingLength);
        }
        if (0 == calls % perMs)
        {
            storm.nowMs++;
            storm.doWork();
        }
        return 1;
    }

    long calls()
    {
        return calls;
    }
}
