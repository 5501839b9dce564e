package io.concord.server.store;

import io.aeron.Aeron;
import io.concord.common.CommonConfiguration;
import io.concord.core.CoreConfiguration;
import io.concord.core.MessageStoreFactory;
import io.concord.dataservice.DataService;
import io.concord.dataservice.DataServiceConfiguration;
import io.concord.dataservice.lsm.LsmHistoryStorage;
import io.concord.storage.StorageConfiguration;
import io.concord.storage.StorageEngine;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.File;
import java.nio.file.Path;

/**
 * Message storage for a core process: the LSM store (under {@code <data-dir>/storage} unless
 * {@code concord.storage.dir} says otherwise), the data service in front of it, and the bridge agent that serves the
 * core's message store port from both. {@link #launch} recovers the store and builds everything; the core then makes
 * its shards' stores through {@link #messageStoreFactory()}; {@link #start} starts the agents once every shard is
 * registered; {@link #close} stops them and closes the store. Called by the thread that wires the process.
 */
public final class MessageStoreStack implements AutoCloseable
{
    /**
     * Idle strategy of the bridge agent.
     */
    public static final String BRIDGE_IDLE_STRATEGY_PROP_NAME = "concord.bridge.idle.strategy";

    /**
     * Capacity in bytes of each shard's ring to the bridge (a power of two).
     */
    public static final String BRIDGE_RING_BYTES_PROP_NAME = "concord.bridge.ring.bytes";
    public static final int BRIDGE_RING_BYTES_DEFAULT = 4 * 1024 * 1024;

    private static final int BRIDGE_COUNTER_TYPE_ID = 4101;

    private final StorageEngine engine;
    private final DataService dataService;
    private final AeronEdgeFrameSender edgeSender;
    private final AtomicCounter storageFailures;
    private final AtomicCounter sendsGivenUp;
    private final MessageStoreBridgeAgent bridge;
    private final LsmMessageStoreFactory factory;
    private AgentRunner bridgeRunner;

    private MessageStoreStack(
        final StorageEngine engine,
        final DataService dataService,
        final AeronEdgeFrameSender edgeSender,
        final AtomicCounter storageFailures,
        final AtomicCounter sendsGivenUp,
        final int ringBytes)
    {
        this.engine = engine;
        this.dataService = dataService;
        this.edgeSender = edgeSender;
        this.storageFailures = storageFailures;
        this.sendsGivenUp = sendsGivenUp;
        this.bridge = new MessageStoreBridgeAgent(engine.newClient(), dataService.writeProxy(),
            dataService.completionPoller(), edgeSender, SystemNanoClock.INSTANCE, storageFailures);
        this.factory = new LsmMessageStoreFactory(
            bridge, dataService.requestProxy(), SystemNanoClock.INSTANCE, ringBytes);
    }

    /**
     * Recovers the store and builds the data service and the bridge; nothing runs until {@link #start}.
     *
     * @param dataDir the process's data directory.
     * @param aeron   client used to answer edges with history pages.
     * @param coreCtx the core's concluded configuration (channel, edge streams, retries).
     * @return the stack.
     */
    public static MessageStoreStack launch(
        final Path dataDir, final Aeron aeron, final CoreConfiguration.Context coreCtx)
    {
        final StorageConfiguration.Context storageCtx = new StorageConfiguration.Context();
        if (null == System.getProperty(StorageConfiguration.DIR_PROP_NAME))
        {
            storageCtx.dir(new File(dataDir.toFile(), "storage"));
        }
        final int ringBytes = Integer.getInteger(BRIDGE_RING_BYTES_PROP_NAME, BRIDGE_RING_BYTES_DEFAULT);
        if (Integer.bitCount(ringBytes) != 1 || ringBytes < 64 * 1024)
        {
            throw new IllegalArgumentException(
                BRIDGE_RING_BYTES_PROP_NAME + " must be a power of two >= 65536, was " + ringBytes);
        }

        StorageEngine engine = null;
        DataService dataService = null;
        AeronEdgeFrameSender edgeSender = null;
        AtomicCounter storageFailures = null;
        AtomicCounter sendsGivenUp = null;
        try
        {
            engine = StorageEngine.launch(storageCtx);
            dataService = new DataService(new DataServiceConfiguration.Context(),
                new LsmHistoryStorage(engine.newClient(), engine.context().maxValueLength()));
            storageFailures = aeron.addCounter(BRIDGE_COUNTER_TYPE_ID, "bridge: storage failures");
            sendsGivenUp = aeron.addCounter(BRIDGE_COUNTER_TYPE_ID, "bridge: history pages given up");
            edgeSender = new AeronEdgeFrameSender(
                aeron, coreCtx.channel(), coreCtx.edgeStreamBase(), coreCtx.offerMaxRetries(), sendsGivenUp);
            return new MessageStoreStack(engine, dataService, edgeSender, storageFailures, sendsGivenUp, ringBytes);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.closeAll(edgeSender, sendsGivenUp, storageFailures, dataService, engine);
            throw ex;
        }
    }

    /**
     * @return makes each core shard's message store; use before {@link #start}.
     */
    public MessageStoreFactory messageStoreFactory()
    {
        return factory;
    }

    /**
     * Starts the data service and the bridge, each on its own thread.
     *
     * @param errorHandler receives errors from both.
     */
    public void start(final ErrorHandler errorHandler)
    {
        dataService.start(errorHandler);
        bridgeRunner = new AgentRunner(
            CommonConfiguration.newIdleStrategy(BRIDGE_IDLE_STRATEGY_PROP_NAME), errorHandler, null, bridge);
        AgentRunner.startOnThread(bridgeRunner);
    }

    public void close()
    {
        CloseHelper.closeAll(bridgeRunner, dataService, edgeSender, sendsGivenUp, storageFailures, engine);
    }
}
