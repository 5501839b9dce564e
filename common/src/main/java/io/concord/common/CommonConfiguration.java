package io.concord.common;

import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Configuration shared by all roles, and the layering every module's {@code Configuration} relies on.
 * <p>
 * Every setting is a system property named {@code concord.*}. Layers, lowest first: the defaults in each module's
 * {@code Configuration}, then a properties file ({@code --config FILE}, see {@link #loadFile(Path)}), then
 * {@code -D} options on the JVM command line, then CLI flags (which the launcher writes as system properties last).
 * <p>
 * Profiles choose defaults for groups of settings: {@code default} backs off when idle (good on a shared 2-core box),
 * {@code low-latency} busy-spins every agent (for dedicated, isolated cores).
 * <p>
 * Called from the thread that starts a role, before its agents start.
 */
public final class CommonConfiguration
{
    public static final String PROFILE_PROP_NAME = "concord.profile";
    public static final String PROFILE_DEFAULT = "default";
    public static final String PROFILE_LOW_LATENCY = "low-latency";

    /**
     * Idle strategy for every agent that has no more specific {@code concord.<role>.idle.strategy} set.
     */
    public static final String IDLE_STRATEGY_PROP_NAME = "concord.idle.strategy";

    /**
     * How long the media driver keeps a client that stopped sending keepalives, and how long a client's own conductor
     * may go without running before it closes itself ("service interval exceeded"). Aeron's default (10 s) is
     * exceeded on a starved 2-core box: a conductor thread was seen stalled for 53 s at JVM start under load, after
     * which the client closed itself and its process died reading unmapped buffers. The cost of a long timeout: the
     * driver keeps a dead client's publications and subscriptions that long.
     */
    public static final String AERON_CLIENT_LIVENESS_TIMEOUT_MS_PROP_NAME = "concord.aeron.client.liveness.timeout.ms";
    public static final long AERON_CLIENT_LIVENESS_TIMEOUT_MS_DEFAULT = 120_000;

    /**
     * How long an Aeron client tolerates a media driver that stopped updating its heartbeat before closing itself.
     */
    public static final String AERON_DRIVER_TIMEOUT_MS_PROP_NAME = "concord.aeron.driver.timeout.ms";
    public static final long AERON_DRIVER_TIMEOUT_MS_DEFAULT = 120_000;

    private CommonConfiguration()
    {
    }

    /**
     * @return {@link #AERON_CLIENT_LIVENESS_TIMEOUT_MS_PROP_NAME}, validated (at least 1 s).
     */
    public static long aeronClientLivenessTimeoutMs()
    {
        return positiveMs(AERON_CLIENT_LIVENESS_TIMEOUT_MS_PROP_NAME, AERON_CLIENT_LIVENESS_TIMEOUT_MS_DEFAULT);
    }

    /**
     * @return {@link #AERON_DRIVER_TIMEOUT_MS_PROP_NAME}, validated (at least 1 s).
     */
    public static long aeronDriverTimeoutMs()
    {
        return positiveMs(AERON_DRIVER_TIMEOUT_MS_PROP_NAME, AERON_DRIVER_TIMEOUT_MS_DEFAULT);
    }

    private static long positiveMs(final String propName, final long defaultMs)
    {
        final String value = System.getProperty(propName);
        if (null == value)
        {
            return defaultMs;
        }
        final long ms;
        try
        {
            ms = Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(propName + " must be a number of milliseconds, was '" + value + "'", ex);
        }
        if (ms < 1000)
        {
            throw new IllegalArgumentException(propName + " must be at least 1000 ms, was " + ms);
        }
        return ms;
    }

    /**
     * The profile in force, validated.
     *
     * @return {@link #PROFILE_DEFAULT} or {@link #PROFILE_LOW_LATENCY}.
     */
    public static String profile()
    {
        final String profile = System.getProperty(PROFILE_PROP_NAME, PROFILE_DEFAULT);
        if (!PROFILE_DEFAULT.equals(profile) && !PROFILE_LOW_LATENCY.equals(profile))
        {
            throw new IllegalArgumentException("unknown profile '" + profile + "' in " + PROFILE_PROP_NAME +
                ", expected " + PROFILE_DEFAULT + " or " + PROFILE_LOW_LATENCY);
        }
        return profile;
    }

    /**
     * Name of the idle strategy an agent should use: its own property if set, else {@link #IDLE_STRATEGY_PROP_NAME},
     * else the profile's default.
     *
     * @param agentPropName the agent's own property, e.g. {@code concord.core.idle.strategy}.
     * @return the strategy name.
     */
    public static String idleStrategyName(final String agentPropName)
    {
        final String profileDefault = PROFILE_LOW_LATENCY.equals(profile()) ?
            IdleStrategies.BUSY_SPIN : IdleStrategies.BACKOFF;
        return System.getProperty(agentPropName, System.getProperty(IDLE_STRATEGY_PROP_NAME, profileDefault));
    }

    /**
     * A new idle strategy for one agent, resolved as {@link #idleStrategyName(String)} says.
     *
     * @param agentPropName the agent's own property.
     * @return a new strategy instance.
     */
    public static IdleStrategy newIdleStrategy(final String agentPropName)
    {
        return IdleStrategies.newIdleStrategy(idleStrategyName(agentPropName));
    }

    /**
     * Applies a properties file as system properties, without overriding properties already set on the command
     * line. Call before any module's configuration is read.
     *
     * @param file a {@code java.util.Properties} file.
     * @throws UncheckedIOException when it cannot be read, naming the file.
     */
    public static void loadFile(final Path file)
    {
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file))
        {
            properties.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read configuration file " + file, ex);
        }

        for (final String name : properties.stringPropertyNames())
        {
            if (null == System.getProperty(name))
            {
                System.setProperty(name, properties.getProperty(name).trim());
            }
        }
    }
}
