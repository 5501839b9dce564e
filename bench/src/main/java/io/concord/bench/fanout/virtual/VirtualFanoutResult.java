package io.concord.bench.fanout.virtual;

import java.util.Locale;

/**
 * What one virtual fan-out run measured. Times are per message over the measured messages (warm-up excluded);
 * CPU, allocation and GC over the measured phase. Immutable.
 *
 * @param recipients                 online virtual sessions, one per member (the author has none).
 * @param edges                      virtual edges.
 * @param loopsPerEdge               event loops per edge.
 * @param shards                     core shards.
 * @param messages                   measured messages.
 * @param warmup                     warm-up messages before them.
 * @param contentBytes               content bytes per message.
 * @param seedEdgeMs                 opening every virtual session (real Identify on the edges).
 * @param seedCoreMs                 seeding the core's members, sessions and routes.
 * @param heapUsedBytes              heap used after seeding, after a full GC.
 * @param heapPerRecipientBytes      heap used per recipient by seeding (edge and core state).
 * @param maxHeapBytes               the JVM's heap limit.
 * @param p50Ms                      command offered to the core → last sink write, median.
 * @param p99Ms                      the same, 99th percentile.
 * @param maxMs                      the same, maximum.
 * @param coreP50Ms                  command offered → MESSAGE_CREATE at the first edge's core-link poller, median.
 * @param coreP99Ms                  the same, 99th percentile.
 * @param edgeP50Ms                  that arrival → last sink write, median.
 * @param edgeP99Ms                  the same, 99th percentile.
 * @param edgeCpuNsPerDelivery       CPU of the edges' event loop threads per delivery: the fan-out work.
 * @param fanoutTaskNsPerDelivery    the gateways' own fan-out task time per delivery (wall time of the tasks, so
 *                                   inflated when the loops wait for a core).
 * @param linkCpuUsPerMessage        CPU of the edges' core-link pollers per message (decode and render once per
 *                                   edge, plus their idle strategy's polling while waiting).
 * @param coreCpuUsPerMessage        CPU of the core's threads (pollers, shard handlers) per message, their idle
 *                                   strategies' polling while a message fans out included.
 * @param processCpuNsPerDelivery    CPU of every thread of the process per delivery.
 * @param allocBytesPerDelivery      heap allocated by every thread per delivery.
 * @param edgeAllocBytesPerDelivery  heap allocated by the edges' event loop threads per delivery.
 * @param gcCount                    collections during the measured phase.
 * @param gcMs                       collection time during the measured phase.
 * @param deliveries                 deliveries counted by the sinks (warm-up included).
 * @param expectedDeliveries         recipients × (warm-up + measured) messages.
 * @param orderErrors                sequence or message-id order errors seen by the sinks.
 * @param wrongCountSessions         sessions that did not get exactly every message.
 * @param coreErrors                 errors counted by the core.
 */
record VirtualFanoutResult(
    int recipients,
    int edges,
    int loopsPerEdge,
    int shards,
    int messages,
    int warmup,
    int contentBytes,
    long seedEdgeMs,
    long seedCoreMs,
    long heapUsedBytes,
    double heapPerRecipientBytes,
    long maxHeapBytes,
    double p50Ms,
    double p99Ms,
    double maxMs,
    double coreP50Ms,
    double coreP99Ms,
    double edgeP50Ms,
    double edgeP99Ms,
    double edgeCpuNsPerDelivery,
    double fanoutTaskNsPerDelivery,
    double linkCpuUsPerMessage,
    double coreCpuUsPerMessage,
    double processCpuNsPerDelivery,
    double allocBytesPerDelivery,
    double edgeAllocBytesPerDelivery,
    long gcCount,
    long gcMs,
    long deliveries,
    long expectedDeliveries,
    long orderErrors,
    long wrongCountSessions,
    long coreErrors)
{
    /**
     * @return whether every session got every message exactly once and in order.
     */
    boolean exact()
    {
        return deliveries == expectedDeliveries && 0 == orderErrors && 0 == wrongCountSessions;
    }

    /**
     * @return the one-line summary the command prints last.
     */
    String summaryLine()
    {
        return String.format(Locale.ROOT,
            "fanout-virtual N=%d p50_ms=%.1f p99_ms=%.1f core_ms=%.2f edge_ns_per_delivery=%.0f",
            recipients, p50Ms, p99Ms, coreP50Ms, edgeCpuNsPerDelivery);
    }

    /**
     * @param model the cost model computed from this run, or null.
     * @param load  the load average when the run ended.
     * @return the JSON summary.
     */
    String toJson(final FanoutCostModel model, final String load)
    {
        final StringBuilder json = new StringBuilder(2048).append("{\n");
        field(json, "recipients", recipients);
        field(json, "edges", edges);
        field(json, "loops_per_edge", loopsPerEdge);
        field(json, "shards", shards);
        field(json, "messages", messages);
        field(json, "warmup", warmup);
        field(json, "content_bytes", contentBytes);
        field(json, "seed_edge_ms", seedEdgeMs);
        field(json, "seed_core_ms", seedCoreMs);
        field(json, "heap_used_bytes", heapUsedBytes);
        field(json, "heap_per_recipient_bytes", heapPerRecipientBytes);
        field(json, "max_heap_bytes", maxHeapBytes);
        field(json, "p50_ms", p50Ms);
        field(json, "p99_ms", p99Ms);
        field(json, "max_ms", maxMs);
        field(json, "core_p50_ms", coreP50Ms);
        field(json, "core_p99_ms", coreP99Ms);
        field(json, "edge_p50_ms", edgeP50Ms);
        field(json, "edge_p99_ms", edgeP99Ms);
        field(json, "edge_cpu_ns_per_delivery", edgeCpuNsPerDelivery);
        field(json, "fanout_task_ns_per_delivery", fanoutTaskNsPerDelivery);
        field(json, "link_cpu_us_per_message", linkCpuUsPerMessage);
        field(json, "core_cpu_us_per_message", coreCpuUsPerMessage);
        field(json, "process_cpu_ns_per_delivery", processCpuNsPerDelivery);
        field(json, "alloc_bytes_per_delivery", allocBytesPerDelivery);
        field(json, "edge_alloc_bytes_per_delivery", edgeAllocBytesPerDelivery);
        field(json, "gc_count", gcCount);
        field(json, "gc_ms", gcMs);
        field(json, "deliveries", deliveries);
        field(json, "expected_deliveries", expectedDeliveries);
        field(json, "order_errors", orderErrors);
        field(json, "wrong_count_sessions", wrongCountSessions);
        field(json, "core_errors", coreErrors);
        json.append("  \"load_average\": \"").append(load).append("\",\n");
        if (null != model)
        {
            json.append("  \"cost_model\": {\n");
            json.append("    \"online\": ").append(model.online()).append(",\n");
            json.append("    \"messages_per_second\": ").append(model.messagesPerSecond()).append(",\n");
            json.append("    \"socket_ns_per_delivery\": ").append(model.socketNsPerDelivery()).append(",\n");
            json.append("    \"virtual_ns_per_delivery\": ").append(model.virtualNsPerDelivery()).append(",\n");
            json.append("    \"core_ms\": ").append(model.coreMs()).append(",\n");
            json.append("    \"cores_per_edge\": ").append(model.coresPerEdge()).append(",\n");
            json.append("    \"utilisation\": ").append(model.utilisation()).append(",\n");
            json.append("    \"max_sessions_per_edge\": ").append(model.maxSessionsPerEdge()).append(",\n");
            json.append("    \"target_ms\": ").append(model.targetMs()).append(",\n");
            json.append("    \"edges_cpu\": ").append(model.edgesForCpu()).append(",\n");
            json.append("    \"edges_latency\": ").append(model.edgesForLatency()).append(",\n");
            json.append("    \"edges_sessions\": ").append(model.edgesForSessions()).append(",\n");
            json.append("    \"edges\": ").append(model.edges()).append("\n");
            json.append("  },\n");
        }
        json.append("  \"exact\": ").append(exact()).append("\n}\n");
        return json.toString();
    }

    private static void field(final StringBuilder json, final String name, final long value)
    {
        json.append("  \"").append(name).append("\": ").append(value).append(",\n");
    }

    private static void field(final StringBuilder json, final String name, final double value)
    {
        json.append("  \"").append(name).append("\": ")
            .append(Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null").append(",\n");
    }
}
