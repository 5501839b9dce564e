package io.concord.bench.rest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blocking REST calls with which the bench harnesses set up users, guilds and channels on a {@code concord serve}
 * child before they measure (never on a measured path), and the patterns that pick ids out of the answers. Called
 * by the harness's own thread.
 */
public final class RestSetup
{
    public static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    public static final Pattern ID = Pattern.compile("\"id\":\"(\\d+)\"");
    public static final Pattern TEXT_CHANNEL_ID = Pattern.compile("\"id\":\"(\\d+)\",\"type\":0[,}]");

    private RestSetup()
    {
    }

    /**
     * @param http          client.
     * @param method        HTTP method.
     * @param url           absolute URL.
     * @param authorization {@code Authorization} header, or null.
     * @param body          JSON body, or null for none.
     * @return the body of a 2xx answer.
     * @throws IllegalStateException on any other status.
     */
    public static String callOk(
        final HttpClient http, final String method, final String url, final String authorization, final String body)
        throws Exception
    {
        final HttpResponse<String> response = send(http, method, url, authorization, body);
        if (response.statusCode() / 100 != 2)
        {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " +
                response.body());
        }
        return response.body();
    }

    /**
     * @param http           client.
     * @param method         HTTP method.
     * @param url            absolute URL.
     * @param authorization  {@code Authorization} header, or null.
     * @param body           JSON body, or null for none.
     * @param expectedStatus the status the call must answer.
     * @return the answer's body.
     * @throws IllegalStateException on any other status.
     */
    public static String call(
        final HttpClient http,
        final String method,
        final String url,
        final String authorization,
        final String body,
        final int expectedStatus) throws Exception
    {
        final HttpResponse<String> response = send(http, method, url, authorization, body);
        if (expectedStatus != response.statusCode())
        {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ", expected " +
                expectedStatus + ": " + response.body());
        }
        return response.body();
    }

    /**
     * @param pattern with one group.
     * @param text    an answer's body.
     * @param what    what the group is, for the error.
     * @return the first match's group.
     * @throws IllegalStateException when nothing matches.
     */
    public static String group(final Pattern pattern, final String text, final String what)
    {
        final Matcher matcher = pattern.matcher(text);
        if (!matcher.find())
        {
            throw new IllegalStateException("no " + what + " in " + text);
        }
        return matcher.group(1);
    }

    private static HttpResponse<String> send(
        final HttpClient http, final String method, final String url, final String authorization, final String body)
        throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .method(method, null == body ? HttpRequest.BodyPublishers.noBody() :
                HttpRequest.BodyPublishers.ofString(body))
            .header("content-type", "application/json");
        if (null != authorization)
        {
            request.header("authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
