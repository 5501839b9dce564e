package io.concord.bench.fanout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Posts the probe messages at a fixed rate, open loop: message i is due at {@code start + i / rate}, leaves then
 * (asynchronously, so a slow answer never delays the next) and carries that intended time in its content. For
 * Concord one POST to {@code /api/v10/channels/{id}/messages} as the owner, to one channel: the only one, or (chat)
 * one drawn from a Zipf distribution over several (channel k with weight {@code 1 / k^s}, a fixed seed so runs
 * compare); for the baseline one POST {@code /broadcast} to each baseline server. Used by the orchestrating thread.
 */
final class MessageSender
{
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<HttpRequest.Builder> targets;
    private final double[] cumulative;
    private final Random random = new Random(42);
    private final long[] perTarget;
    private int errors;
    private String lastError = "";

    /**
     * @param targets    where each message goes.
     * @param cumulative null: every message to every target; else the cumulative probability of each target, one
     *                   target drawn per message.
     */
    private MessageSender(final List<HttpRequest.Builder> targets, final double[] cumulative)
    {
        this.targets = targets;
        this.cumulative = cumulative;
        this.perTarget = new long[targets.size()];
    }

    /**
     * @param edge       {@code host:port} of the edge the owner posts through.
     * @param channelIds the channels, most popular first.
     * @param zipf       Zipf exponent of channel popularity (ignored for one channel).
     * @param token      the owner's token.
     * @return a sender to Concord's REST API.
     */
    static MessageSender concord(final String edge, final long[] channelIds, final double zipf, final String token)
    {
        final List<HttpRequest.Builder> targets = new ArrayList<>();
        for (final long channelId : channelIds)
        {
            targets.add(HttpRequest.newBuilder(URI.create("http://" + edge + "/api/v10/channels/" + channelId +
                "/messages"))
                .header("Authorization", "Bot " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120)));
        }
        final double[] cumulative = new double[channelIds.length];
        double total = 0;
        for (int k = 0; k < channelIds.length; k++)
        {
            total += 1.0 / Math.pow(k + 1, zipf);
            cumulative[k] = total;
        }
        for (int k = 0; k < channelIds.length; k++)
        {
            cumulative[k] /= total;
        }
        return new MessageSender(targets, cumulative);
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
        return new MessageSender(targets, null);
    }

    /**
     * @return how many messages went to each target so far (for Concord: per channel, most popular first).
     */
    long[] perTarget()
    {
        return perTarget.clone();
    }

    /**
     * @return the target of the next message, drawn by popularity (one of several channels).
     */
    int draw()
    {
        final double u = random.nextDouble();
        for (int k = 0; k < cumulative.length; k++)
        {
            if (u < cumulative[k])
            {
                return k;
            }
        }
        return cumulative.length - 1;
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
            final List<HttpRequest.Builder> chosen = null == cumulative ? targets : List.of(targets.get(draw()));
            for (final HttpRequest.Builder target : chosen)
            {
                perTarget[targets.indexOf(target)]++;
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
