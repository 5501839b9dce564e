package io.concord.bench.fanout;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text channels of the chat scenario, created by the guild's owner over REST before any session connects (so
 * every READY and GUILD_CREATE already lists them and every session is subscribed to each): the seeded guild's own
 * text channel first, then {@code chat-2} .. {@code chat-C}. A 429 is waited out as its {@code retry_after} says.
 * Used by the orchestrating thread.
 */
final class ChatChannels
{
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"(\\d+)\"");
    private static final Pattern RETRY_AFTER = Pattern.compile("\"retry_after\"\\s*:\\s*([0-9.]+)");
    private static final int MAX_ATTEMPTS = 10;

    private ChatChannels()
    {
    }

    /**
     * @param edge     {@code host:port} of an edge.
     * @param guild    the seeded guild.
     * @param token    its owner's token.
     * @param count    channels wanted, the existing one included.
     * @param progress where progress lines go.
     * @return channel ids, the guild's own channel first.
     * @throws IOException          when the edge cannot be reached.
     * @throws InterruptedException when interrupted.
     */
    static long[] create(
        final String edge,
        final GuildSeeder.SeededGuild guild,
        final String token,
        final int count,
        final PrintStream progress) throws IOException, InterruptedException
    {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        final long[] ids = new long[count];
        ids[0] = guild.channelId();
        for (int k = 1; k < count; k++)
        {
            final HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://" + edge + "/api/v10/guilds/" + guild.guildId() + "/channels"))
                .header("Authorization", "Bot " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"chat-" + (k + 1) + "\",\"type\":0}"))
                .build();
            ids[k] = post(http, request);
        }
        progress.println("fanout: " + count + " text channels in the guild");
        return ids;
    }

    private static long post(final HttpClient http, final HttpRequest request)
        throws IOException, InterruptedException
    {
        for (int attempt = 1; ; attempt++)
        {
            final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (429 == response.statusCode() && attempt < MAX_ATTEMPTS)
            {
                final Matcher retry = RETRY_AFTER.matcher(response.body());
                Thread.sleep(retry.find() ? (long)(Double.parseDouble(retry.group(1)) * 1000) + 10 : 1000);
                continue;
            }
            final Matcher id = ID.matcher(response.body());
            if (2 != response.statusCode() / 100 || !id.find())
            {
                throw new IllegalStateException("creating a channel failed: " + response.statusCode() + " " +
                    response.body());
            }
            return Long.parseLong(id.group(1));
        }
    }
}
