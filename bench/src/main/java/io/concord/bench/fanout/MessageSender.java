package io.concord.bench.fanout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Posts the probe messages at a fixed rate, open loop: message i is due at {@code start + i / rate}, leaves then
 * (asynchronously, so a slow answer never delays the next) and carries that intended time in its content. For
 * Concord one POST to {@code /api/v10/channels/{id}/messages} as the owner; for the baseline one POST
 * {@code /broadcast} to each baseline server. Used by the orchestrating thread.
 */
final class MessageSender
{
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<HttpRequest.Builder> targets;
    private int errors;
    private String lastError = "";

    private MessageSender(final List<HttpRequest.Builder> targets)
    {
        this.targets = targets;
    }

    /**
     * @param edgePort  port of the edge the owner posts through.
     * @param channelId the guild's text channel.
     * @param token     the owner's token.
     * @return a sender to Concord's REST API.
     */
    static MessageSender concord(final int edgePort, final long channelId, final String token)
    {
        return new MessageSender(List.of(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edgePort +
            "/api/v10/channels/" + channelId + "/messages"))
            .header("Authorization", "Bot " + token)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(120))));
    }

    /**
     * @param ports the baseline servers.
     * @return a sender that triggers every baseline server.
     */
    static MessageSender baseline(final List<Integer> ports)
    {
        final List<HttpRequest.Builder> targets = new ArrayList<>();
        for (final int port : ports)
        {
            targets.add(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/broadcast"))
                .timeout(Duration.ofSeconds(120)));
        }
        return new MessageSender(targets);
    }

    /**
     * Sends {@code count} messages at {@code ratePerSec}, the first {@code startDelayMs} from now, and waits for
     * every answer.
     *
     * @param count         messages.
     * @param ratePerSec    rate.
     * @param contentLength content length.
     * @param probes        true for measured probes ({@code fanout <seq> <ns>}), false for warm-up messages.
     * @return intended send time (wall-clock ns) of each message.
     * @throws InterruptedException when interrupted.
     */
    long[] send(final int count, final double ratePerSec, final int contentLength, final boolean probes)
        throws InterruptedException
    {
        final long[] intended = new long[count];
        final long periodNs = (long)(1e9 / ratePerSec);
        final long startNs = FanoutContent.epochNanos() + TimeUnit.MILLISECONDS.toNanos(100);
        final List<CompletableFuture<Void>> answers = new ArrayList<>();
        for (int seq = 0; seq < count; seq++)
        {
            intended[seq] = startNs + seq * periodNs;
            long waitNs;
            while ((waitNs = intended[seq] - FanoutContent.epochNanos()) > 0)
            {
                LockSupport.parkNanos(waitNs);
                if (Thread.interrupted())
                {
                    throw new InterruptedException();
                }
            }
            final String content = probes ? FanoutContent.content(seq, intended[seq], contentLength) :
                "warmup " + seq;
            for (final HttpRequest.Builder target : targets)
            {
                final boolean json = target.build().uri().getPath().startsWith("/api/");
                final HttpRequest request = target.copy().POST(HttpRequest.BodyPublishers.ofString(
                    json ? "{\"content\":\"" + content + "\"}" : content)).build();
                answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) ->
                {
                    if (null != error || response.statusCode() / 100 != 2)
                    {
                        onError(null != error ? error.toString() : response.statusCode() + " " + response.body());
                    }
                    return null;
                }));
            }
        }
        CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).join();
        return intended;
    }

    private synchronized void onError(final String error)
    {
        errors++;
        lastError = error;
    }

    synchronized int errors()
    {
        return errors;
    }

    synchronized String lastError()
    {
        return lastError;
    }
}
