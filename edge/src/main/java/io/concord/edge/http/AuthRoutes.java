package io.concord.edge.http;

import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.BooleanType;
import io.concord.codecs.LookupCredentialsEncoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.RegisterUserEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.codecs.RevokeTokensEncoder;
import io.concord.edge.auth.PasswordHasher;
import io.concord.edge.rest.CoreViews;
import io.concord.edge.rest.DiscordError;
import io.concord.edge.rest.PasswordWorkers;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Concord's account routes (Discord has no public ones): {@code POST /auth/register}, {@code POST /auth/login}
 * and {@code POST /auth/revoke}. Passwords are hashed and verified on the password workers, never on the event
 * loop; tokens are issued on the event loop with its {@link io.concord.edge.auth.TokenCodec}.
 */
final class AuthRoutes
{
    private static final String INVALID_LOGIN = "INVALID_LOGIN";
    private static final String INVALID_LOGIN_MESSAGE = "Login or password is invalid.";

    private AuthRoutes()
    {
    }

    static void handle(final RestRequest r)
    {
        switch (r.route)
        {
            case AUTH_REGISTER -> register(r);
            case AUTH_LOGIN -> login(r);
            default -> revoke(r);
        }
    }

    private static void register(final RestRequest r)
    {
        final String username = r.body.string("username", true, 2, 32);
        final String password = r.body.string("password", true, 8, 128);
        final boolean bot = r.body.bool("bot", false);
        if (null != username && !username.equals(username.strip()))
        {
            r.body.error("username", "USERNAME_INVALID", "Username cannot start or end with whitespace.");
        }
        if (null != password && !PasswordHasher.acceptable(password))
        {
            r.body.error("password", "PASSWORD_TOO_LONG", "Password must be at most 512 bytes of UTF-8.");
        }
        if (r.rejectedForm(r.body))
        {
            return;
        }

        final boolean queued = r.api.passwordWorkers().submit(() ->
        {
            final String hash = r.api.passwordWorkers().hasher().hash(password);
            r.ctx.executor().execute(() -> sendRegister(r, username, hash, bot));
        });
        if (!queued)
        {
            r.error(DiscordError.SERVICE_UNAVAILABLE);
        }
    }

    private static void sendRegister(final RestRequest r, final String username, final String hash, final boolean bot)
    {
        final long correlationId = r.api.core().nextCorrelationId();
        final RegisterUserEncoder encoder = new RegisterUserEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, new MessageHeaderEncoder())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .bot(bot ? BooleanType.TRUE : BooleanType.FALSE)
            .username(username)
            .passwordHash(hash);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), AuthRoutes::onRegistered);
    }

    private static void onRegistered(
        final RestRequest r, final int templateId, final org.agrona.DirectBuffer buffer, final int offset)
    {
        if (AccountReplyDecoder.TEMPLATE_ID != templateId)
        {
            r.otherReply(templateId, buffer, offset);
            return;
        }
        final CoreViews.UserView user = CoreViews.user(buffer, offset);
        if (ReplyStatus.OK == user.outcome().status())
        {
            respondToken(r, HttpResponseStatus.CREATED, user);
        }
        else if (ReplyStatus.CONFLICT == user.outcome().status())
        {
            r.formErrors(Map.of("username", new String[]{ "USERNAME_ALREADY_TAKEN", "Username is already taken." }));
        }
        else
        {
            r.outcome(user.outcome());
        }
    }

    private static void login(final RestRequest r)
    {
        final String login = r.body.string("login", true, 1, 64);
        final String password = r.body.string("password", true, 1, 128);
        if (r.rejectedForm(r.body))
        {
            return;
        }
        final long correlationId = r.api.core().nextCorrelationId();
        final LookupCredentialsEncoder encoder = new LookupCredentialsEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, new MessageHeaderEncoder())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .login(login);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(),
            (request, templateId, buffer, offset) -> onCredentials(request, templateId, buffer, offset, password));
    }

    private static void onCredentials(
        final RestRequest r,
        final int templateId,
        final org.agrona.DirectBuffer buffer,
        final int offset,
        final String password)
    {
        if (AccountReplyDecoder.TEMPLATE_ID != templateId)
        {
            r.otherReply(templateId, buffer, offset);
            return;
        }
        final CoreViews.UserView user = CoreViews.user(buffer, offset);
        final boolean known = ReplyStatus.OK == user.outcome().status();
        if (!known && ReplyStatus.NOT_FOUND != user.outcome().status())
        {
            r.outcome(user.outcome());
            return;
        }
        final boolean queued = r.api.passwordWorkers().submit(() ->
        {
            final PasswordWorkers workers = r.api.passwordWorkers();
            final String hash = known ? user.passwordHash() : workers.decoyHash();
            final boolean matches = workers.hasher().verify(password, hash) && known;
            r.ctx.executor().execute(() ->
            {
                if (matches)
                {
                    respondToken(r, HttpResponseStatus.OK, user);
                }
                else
                {
                    invalidLogin(r);
                }
            });
        });
        if (!queued)
        {
            r.error(DiscordError.SERVICE_UNAVAILABLE);
        }
    }

    private static void invalidLogin(final RestRequest r)
    {
        final Map<String, String[]> errors = new LinkedHashMap<>();
        errors.put("login", new String[]{ INVALID_LOGIN, INVALID_LOGIN_MESSAGE });
        errors.put("password", new String[]{ INVALID_LOGIN, INVALID_LOGIN_MESSAGE });
        r.formErrors(errors);
    }

    private static void respondToken(
        final RestRequest r, final HttpResponseStatus status, final CoreViews.UserView user)
    {
        final String token = r.api.tokens().issue(
            user.id(), user.tokenGeneration(), r.api.clock().time() / 1000);
        r.json(status, (json) ->
        {
            json.writeStartObject();
            json.writeStringField("user_id", Long.toUnsignedString(user.id()));
            json.writeStringField("token", token);
            json.writeEndObject();
        });
    }

    private static void revoke(final RestRequest r)
    {
        final long correlationId = r.api.core().nextCorrelationId();
        final RevokeTokensEncoder encoder = new RevokeTokensEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, new MessageHeaderEncoder())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(),
            (request, templateId, buffer, offset) -> request.otherReply(templateId, buffer, offset));
    }
}
