package io.concord.bench.fanout.virtual;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-edge cost model: how many edge processes (each with {@code coresPerEdge} cores for its event loops) a
 * guild's fan-out needs, from the measured cost of one delivery. Immutable; any thread.
 * <pre>
 *   c          = socket ns per delivery (edge work + the socket write, measured over loopback sockets)
 *   busy cores = online * msgs_per_s * c / 1e9
 *   E_cpu      = ceil(busy cores / (cores_per_edge * utilisation))             sustained rate fits
 *   E_latency  = ceil(online * c / (cores_per_edge * (target_ms - core_ms) * 1e6))   one message meets the target
 *   E_sessions = ceil(online / max_sessions_per_edge)                          connections fit
 *   E          = max(E_cpu, E_latency, E_sessions)
 *   t_last(E)  = core_ms + (online / E) * c / cores_per_edge / 1e6              time to the last recipient
 *   kernel share of c = c - virtual ns per delivery (the virtual run has no socket write)
 * </pre>
 * A message is fanned out by every edge in parallel and, within an edge, by its loops in parallel (sessions are
 * spread evenly), so the time to the last recipient is the core's part plus one edge's share divided by its cores.
 *
 * @param online                 online recipients of the message.
 * @param messagesPerSecond      messages per second sent into the guild (sustained).
 * @param socketNsPerDelivery    edge CPU per delivery with real sockets.
 * @param virtualNsPerDelivery   edge CPU per delivery into in-process sinks (this harness).
 * @param coreMs                 command in to the dispatch at the edges (this harness, p50).
 * @param coresPerEdge           cores each edge's event loops get.
 * @param utilisation            fraction of those cores the fan-out may use at the sustained rate.
 * @param maxSessionsPerEdge     connections one edge process holds.
 * @param targetMs               time-to-last-recipient target.
 */
record FanoutCostModel(
    long online,
    double messagesPerSecond,
    double socketNsPerDelivery,
    double virtualNsPerDelivery,
    double coreMs,
    int coresPerEdge,
    double utilisation,
    long maxSessionsPerEdge,
    double targetMs)
{
    /**
     * Returned by {@link #edgesForLatency()} when the core alone already takes the whole target.
     */
    static final long UNREACHABLE = Long.MAX_VALUE;

    FanoutCostModel
    {
        if (online < 1 || messagesPerSecond <= 0 || socketNsPerDelivery <= 0 || coresPerEdge < 1 ||
            utilisation <= 0 || utilisation > 1 || maxSessionsPerEdge < 1 || targetMs <= 0)
        {
            throw new IllegalArgumentException("cost model inputs out of range: online >= 1, rate > 0, " +
                "socket ns > 0, " +
                "cores >= 1, 0 < utilisation <= 1, sessions per edge >= 1, target > 0 (got " + online + ", " +
                messagesPerSecond + ", " + socketNsPerDelivery + ", " + coresPerEdge + ", " + utilisation + ", " +
                maxSessionsPerEdge + ", " + targetMs + ")");
        }
    }

    double busyCores()
    {
        return online * messagesPerSecond * socketNsPerDelivery / 1e9;
    }

    long edgesForCpu()
    {
        return Math.max(1, (long)Math.ceil(busyCores() / (coresPerEdge * utilisation)));
    }

    long edgesForLatency()
    {
        final double budgetMs = targetMs - coreMs;
        if (budgetMs <= 0)
        {
            return UNREACHABLE;
        }
        return Math.max(1, (long)Math.ceil(online * socketNsPerDelivery / (coresPerEdge * budgetMs * 1e6)));
    }

    long edgesForSessions()
    {
        return Math.max(1, (online + maxSessionsPerEdge - 1) / maxSessionsPerEdge);
    }

    long edges()
    {
        return Math.max(edgesForCpu(), Math.max(edgesForLatency(), edgesForSessions()));
    }

    /**
     * @param edges edges sharing the recipients.
     * @return predicted time to the last recipient.
     */
    double lastRecipientMs(final long edges)
    {
        return coreMs + (double)online / edges * socketNsPerDelivery / coresPerEdge / 1e6;
    }

    /**
     * @return the formula with these inputs filled in, one line each, for the command's output.
     */
    List<String> describe()
    {
        final List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "inputs: online=%d msgs_per_s=%.2f c_socket_ns=%.0f c_virtual_ns=%.0f " +
            "core_ms=%.2f cores_per_edge=%d utilisation=%.2f max_sessions_per_edge=%d target_ms=%.0f",
            online, messagesPerSecond, socketNsPerDelivery, virtualNsPerDelivery, coreMs, coresPerEdge, utilisation,
            maxSessionsPerEdge, targetMs));
        lines.add(String.format(Locale.ROOT, "busy cores = online x msgs_per_s x c_socket / 1e9 = %.2f", busyCores()));
        lines.add(String.format(Locale.ROOT,
            "E_cpu      = ceil(busy cores / (cores_per_edge x utilisation)) = %d", edgesForCpu()));
        final long latency = edgesForLatency();
        lines.add("E_latency  = ceil(online x c_socket / (cores_per_edge x (target_ms - core_ms) x 1e6)) = " +
            (UNREACHABLE == latency ? "unreachable (core_ms >= target_ms)" : Long.toString(latency)));
        lines.add(String.format(Locale.ROOT, "E_sessions = ceil(online / max_sessions_per_edge) = %d",
            edgesForSessions()));
        final long edges = edges();
        if (UNREACHABLE == edges)
        {
            lines.add("edges      = unreachable: the core's part alone exceeds the target");
        }
        else
        {
            lines.add(String.format(Locale.ROOT,
                "edges      = max(E_cpu, E_latency, E_sessions) = %d; t_last = core_ms + online/edges x c_socket " +
                "/ cores_per_edge / 1e6 = %.1f ms", edges, lastRecipientMs(edges)));
        }
        lines.add(String.format(Locale.ROOT,
            "kernel share of a delivery = c_socket - c_virtual = %.0f ns (%.0f%%)",
            socketNsPerDelivery - virtualNsPerDelivery,
            100.0 * (socketNsPerDelivery - virtualNsPerDelivery) / socketNsPerDelivery));
        return lines;
    }
}
