package io.concord.dataservice;

import io.concord.dataservice.storage.HistoryStorage;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;

/**
 * Composition of one data service: its bounded rings, counters and agent, and the three handles other components
 * use. Build it on the thread that wires the process, hand out the handles, then {@link #start()} it (its own
 * thread) or drive {@link #agent()} directly in tests.
 * <ul>
 *     <li>{@link #requestProxy()}: core threads submit history requests and cancellations.</li>
 *     <li>{@link #writeProxy()}: the message path reports creates, edits and deletes before acknowledging them.</li>
 *     <li>{@link #completionPoller()}: one core thread polls completions and routes each to its edge.</li>
 * </ul>
 */
public final class DataService implements AutoCloseable
{
    private final DataServiceConfiguration.Context ctx;
    private final DataServiceCounters counters;
    private final DataServiceAgent agent;
    private final HistoryRequestProxy requestProxy;
    private final MessageWriteProxy writeProxy;
    private final HistoryCompletionPoller completionPoller;
    private AgentRunner runner;

    /**
     * Builds a data service with its own counters.
     *
     * @param ctx     settings; concluded here.
     * @param storage the storage port, called only from the agent thread.
     */
    public DataService(final DataServiceConfiguration.Context ctx, final HistoryStorage storage)
    {
        this(ctx, storage, newCountersManager());
    }

    /**
     * Builds a data service whose counters live in the given manager (e.g. the process's shared counters file).
     *
     * @param ctx             settings; concluded here.
     * @param storage         the storage port, called only from the agent thread.
     * @param countersManager with room for {@link DataServiceCounters#COUNTER_COUNT} counters.
     */
    public DataService(
        final DataServiceConfiguration.Context ctx, final HistoryStorage storage, final CountersManager countersManager)
    {
        this.ctx = ctx.conclude();
        counters = new DataServiceCounters(countersManager);
        final ManyToOneRingBuffer requestRing = new ManyToOneRingBuffer(newRingBuffer(ctx.requestRingBytes()));
        final ManyToOneRingBuffer writeRing = new ManyToOneRingBuffer(newRingBuffer(ctx.writeRingBytes()));
        final OneToOneRingBuffer completionRing = new OneToOneRingBuffer(newRingBuffer(ctx.completionRingBytes()));
        agent = new DataServiceAgent(ctx, storage, requestRing, writeRing, completionRing, counters);
        requestProxy = new HistoryRequestProxy(requestRing);
        writeProxy = new MessageWriteProxy(writeRing, counters.writeOverflows(), ctx.maxMessageBytes());
        completionPoller = new HistoryCompletionPoller(completionRing);
    }

    /**
     * Runs the agent on its own thread with the configured idle strategy.
     *
     * @param errorHandler receives anything the agent throws (it keeps running).
     * @return this.
     */
    public DataService start(final ErrorHandler errorHandler)
    {
        final AtomicCounter errorCounter = null;
        runner = new AgentRunner(ctx.idleStrategy(), errorHandler, errorCounter, agent);
        AgentRunner.startOnThread(runner);
        return this;
    }

    /**
     * Runs the agent on its own thread, printing anything it throws to standard error.
     *
     * @return this.
     */
    public DataService start()
    {
        return start(Throwable::printStackTrace);
    }

    public DataServiceConfiguration.Context context()
    {
        return ctx;
    }

    public DataServiceCounters counters()
    {
        return counters;
    }

    /**
     * The agent, for a caller that runs it itself (an {@code AgentInvoker}, a composite agent, or a test calling
     * {@code doWork()}); do not also {@link #start()} the service then.
     *
     * @return the agent.
     */
    public DataServiceAgent agent()
    {
        return agent;
    }

    public HistoryRequestProxy requestProxy()
    {
        return requestProxy;
    }

    public MessageWriteProxy writeProxy()
    {
        return writeProxy;
    }

    public HistoryCompletionPoller completionPoller()
    {
        return completionPoller;
    }

    /**
     * Stops the agent thread if it was started.
     */
    public void close()
    {
        CloseHelper.close(runner);
    }

    private static CountersManager newCountersManager()
    {
        final int counters = DataServiceCounters.COUNTER_COUNT;
        return new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(counters * CountersReader.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(counters * CountersReader.COUNTER_LENGTH)));
    }

    private static UnsafeBuffer newRingBuffer(final int capacity)
    {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH));
    }
}
