package io.concord.edge.http;

import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.BooleanType;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.RegisterUserEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.edge.auth.TokenCodec;
import io.concord.edge.auth.TokenVerifier;
import io.concord.edge.rest.RestConfiguration;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * An {@link HttpApiHandler} in an {@link EmbeddedChannel} over a {@link FakeCore}: requests go in, the core
 * answers synchronously, the event loop's tasks are run, the response comes out. Users are registered straight
 * with the core and get tokens from the same key the edge verifies with.
 */
final class RestHarness implements AutoCloseable
{
    static final byte[] KEY = new byte[TokenCodec.KEY_LENGTH];

    static
    {
        Arrays.fill(KEY, (byte)42);
    }

    final FakeCore core = new FakeCore(2);
    final RestApi api;
    final EmbeddedChannel channel;
    private final TokenCodec tokens = new TokenCodec(KEY);

    record User(long id, String name, String token)
    {
    }

    record Reply(HttpResponseStatus status, HttpHeaders headers, String body)
    {
        Map<String, Object> json()
        {
            return TestJson.object(body);
        }

        String header(final String name)
        {
            return headers.get(name);
        }
    }

    RestHarness()
    {
        this(Map.of());
    }

    RestHarness(final Map<String, String> buckets)
    {
        final RestConfiguration.Context ctx = new RestConfiguration.Context().passwordIterations(1000);
        buckets.forEach(ctx::bucket);
        ctx.conclude();
        final TokenVerifier verifier = new TokenVerifier(KEY);
        api = new RestApi(ctx, core, verifier, core.clock);
        api.commandRouter(core::shardOf);
        core.revocationListener = verifier::onTokensRevoked;
        channel = new EmbeddedChannel(new HttpApiHandler(api));
    }

    User register(final String name, final boolean bot)
    {
        final long correlationId = core.nextCorrelationId();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final RegisterUserEncoder encoder = new RegisterUserEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .edgeId(FakeCore.EDGE_ID)
            .correlationId(correlationId)
            .bot(bot ? BooleanType.TRUE : BooleanType.FALSE)
            .username(name)
            .passwordHash("$test$");
        final byte[] frame = Arrays.copyOf(buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH +
            encoder.encodedLength());
        final byte[] reply = core.ask(correlationId, frame);
        final AccountReplyDecoder account = new AccountReplyDecoder()
            .wrapAndApplyHeader(new UnsafeBuffer(reply), 0, new MessageHeaderDecoder());
        account.edgeId();
        account.correlationId();
        if (account.status() != ReplyStatus.OK)
        {
            throw new IllegalStateException("register " + name + " failed");
        }
        account.errorCode();
        final long userId = account.userId();
        final int generation = account.tokenGeneration();
        return new User(userId, name, tokens.issue(userId, generation, FakeCore.START_MS / 1000));
    }

    Reply exchange(final HttpMethod method, final String uri, final String authorization, final String body)
    {
        final FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
            null == body ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:8080");
        if (null != authorization)
        {
            request.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
        }
        if (null != body)
        {
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        }
        channel.writeInbound(request);
        return read();
    }

    Reply read()
    {
        FullHttpResponse response = channel.readOutbound();
        for (int i = 0; null == response && i < 100; i++)
        {
            channel.runPendingTasks();
            response = channel.readOutbound();
        }
        if (null == response)
        {
            return null;
        }
        try
        {
            return new Reply(response.status(), response.headers().copy(),
                response.content().toString(StandardCharsets.UTF_8));
        }
        finally
        {
            response.release();
        }
    }

    Reply get(final User user, final String uri)
    {
        return exchange(HttpMethod.GET, uri, "Bot " + user.token(), null);
    }

    Reply post(final User user, final String uri, final String body)
    {
        return exchange(HttpMethod.POST, uri, "Bot " + user.token(), body);
    }

    Reply patch(final User user, final String uri, final String body)
    {
        return exchange(HttpMethod.PATCH, uri, "Bot " + user.token(), body);
    }

    Reply put(final User user, final String uri, final String body)
    {
        return exchange(HttpMethod.PUT, uri, "Bot " + user.token(), body);
    }

    Reply delete(final User user, final String uri)
    {
        return exchange(HttpMethod.DELETE, uri, "Bot " + user.token(), null);
    }

    public void close()
    {
        channel.finishAndReleaseAll();
        api.close();
    }
}
