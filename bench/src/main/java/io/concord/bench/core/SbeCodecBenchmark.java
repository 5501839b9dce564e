package io.concord.bench.core;

import io.concord.codecs.BooleanType;
import io.concord.codecs.MessageCreatedDecoder;
import io.concord.codecs.MessageCreatedEncoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Encode and then decode a MessageCreated dispatch (every field, a 64-byte content, a nonce, an author name, one
 * mention) through flyweights over direct buffers; var data is copied buffer to buffer, never through Strings.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SbeCodecBenchmark
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private final UnsafeBuffer content = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
    private final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final byte[] authorName = "alice".getBytes(StandardCharsets.UTF_8);
    private final byte[] nonce = "1234567890".getBytes(StandardCharsets.UTF_8);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageCreatedEncoder encoder = new MessageCreatedEncoder();
    private final MessageCreatedDecoder decoder = new MessageCreatedDecoder();
    private long messageId = 1L << 40;

    @Setup
    public void setUp()
    {
        for (int i = 0; i < content.capacity(); i++)
        {
            content.putByte(i, (byte)('a' + i % 26));
        }
    }

    @Benchmark
    public long encodeDecode()
    {
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .edgeId(1)
            .correlationId(99)
            .guildId(175928847298985984L)
            .channelId(175928847299117063L)
            .messageId(++messageId)
            .authorId(80351110224678912L)
            .referencedMessageId(0)
            .flags(0)
            .mentionEveryone(BooleanType.FALSE)
            .mentionsCount(1).next().userId(80351110224678913L);
        encoder.putNonce(nonce, 0, nonce.length)
            .putAuthorName(authorName, 0, authorName.length)
            .putContent(content, 0, content.capacity());

        decoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        long sum = decoder.edgeId() + decoder.correlationId() + decoder.guildId() + decoder.channelId() +
            decoder.messageId() + decoder.authorId() + decoder.referencedMessageId() + decoder.flags() +
            decoder.mentionEveryoneRaw();
        final MessageCreatedDecoder.MentionsDecoder mentions = decoder.mentions();
        while (mentions.hasNext())
        {
            sum += mentions.next().userId();
        }
        sum += decoder.getNonce(scratch, 0, scratch.capacity());
        sum += decoder.getAuthorName(scratch, 0, scratch.capacity());
        sum += decoder.getContent(scratch, 0, scratch.capacity());
        return sum + scratch.getByte(3);
    }
}
