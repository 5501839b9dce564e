package io.concord.bench.presence;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Runs one storm benchmark class in a JMH fork with the GC profiler and this JVM's {@code --add-*} and {@code -D}
 * options (those of {@code config/jvm.options}, Chronicle's analytics switch included).
 */
final class StormJmh
{
    private StormJmh()
    {
    }

    /**
     * @param benchmark the JMH class.
     * @param quick     shorter warm-up and measurement.
     * @return the results, one per parameter combination; none when JMH could not run (the reason is printed).
     */
    static Collection<RunResult> run(final Class<?> benchmark, final boolean quick)
    {
        final List<String> jvmArgs = new ArrayList<>();
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-D"))
            {
                jvmArgs.add(arg);
            }
        }
        if (!jvmArgs.contains("-Dchronicle.analytics.disable=true"))
        {
            jvmArgs.add("-Dchronicle.analytics.disable=true");
        }
        jvmArgs.add("-Dsbe.enable.precedence.checks=false");
        try
        {
            return new Runner(new OptionsBuilder()
                .include(benchmark.getName())
                .addProfiler(GCProfiler.class)
                .forks(1)
                .warmupIterations(quick ? 2 : 3)
                .warmupTime(TimeValue.seconds(quick ? 2 : 3))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(TimeValue.seconds(quick ? 2 : 3))
                .jvmArgsAppend(jvmArgs.toArray(new String[0]))
                .build()).run();
        }
        catch (final RunnerException ex)
        {
            // Typically another JMH run on this host holds /tmp/jmh.lock: the storm figures still come out.
            System.err.println("JMH skipped for " + benchmark.getSimpleName() + " (allocation per op not measured): " +
                ex.getMessage());
            return List.of();
        }
    }

    /**
     * @return the result's {@code gc.alloc.rate.norm} in bytes per operation, NaN when the profiler gave none.
     */
    static double allocBytesPerOp(final RunResult result)
    {
        final org.openjdk.jmh.results.Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
        return null == alloc ? Double.NaN : alloc.getScore();
    }
}
