package io.concord.server;

import io.aeron.Aeron;
import io.concord.core.CoreConfiguration;
import io.concord.core.CoreNode;
import io.concord.server.store.MessageStoreStack;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;

import java.nio.file.Path;

/**
 * The core role as a process runs it: message storage (LSM store, data service, bridge) under the data dir, then
 * the guild shards using it. Started and closed by the thread that wires the process; closing stops the shards
 * before the storage they write to.
 */
final class CoreRole implements AutoCloseable
{
    private final CoreNode core;
    private final MessageStoreStack storage;

    private CoreRole(final CoreNode core, final MessageStoreStack storage)
    {
        this.core = core;
        this.storage = storage;
    }

    static CoreRole start(
        final Path dataDir, final Aeron aeron, final CoreConfiguration.Context coreCtx, final ErrorHandler errorHandler)
    {
        final MessageStoreStack storage = MessageStoreStack.launch(dataDir, aeron, coreCtx);
        CoreNode core = null;
        try
        {
            core = CoreNode.start(coreCtx, aeron, storage.messageStoreFactory(), errorHandler);
            storage.start(errorHandler);
            return new CoreRole(core, storage);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.closeAll(core, storage);
            throw ex;
        }
    }

    CoreNode core()
    {
        return core;
    }

    public void close()
    {
        CloseHelper.closeAll(core, storage);
    }
}
