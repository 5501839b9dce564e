package io.concord.storage;

/**
 * Receives completions on the thread that calls {@link StorageClient#poll(CompletionHandler, int)}.
 * Implementations must not keep the {@link ReadResult} or its buffer after the callback returns.
 */
public interface CompletionHandler
{
    /**
     * An append/upsert or delete finished: with {@link StorageStatus#OK} its record is durable (forced to disk).
     *
     * @param correlationId the id the caller gave on submit.
     * @param status        {@link StorageStatus#OK} or a negative {@link StorageStatus} code.
     */
    void onWriteComplete(long correlationId, int status);

    /**
     * A read finished.
     *
     * @param correlationId the id the caller gave on submit.
     * @param status        {@link StorageStatus#OK} or a negative {@link StorageStatus} code (then no rows).
     * @param result        flyweight over the rows, newest first, valid only during this call.
     */
    void onReadComplete(long correlationId, int status, ReadResult result);
}
