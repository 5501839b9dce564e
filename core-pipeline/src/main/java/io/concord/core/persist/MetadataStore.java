package io.concord.core.persist;

import org.agrona.DirectBuffer;

/**
 * A shard's durable metadata: string keys ({@code "g:<guildId>"}, {@code "m:<guildId>:<userId>"}, ...) to SBE frames
 * (see {@code GuildShard} for which message encodes which record). Written only by the owning shard's thread, before
 * the shard acknowledges the change, so that whatever an edge was told survives a kill -9.
 */
public interface MetadataStore extends AutoCloseable
{
    /**
     * Receives one stored record on restore.
     */
    @FunctionalInterface
    interface RecordConsumer
    {
        /**
         * @param key    the record's key.
         * @param buffer holding the frame, valid only during the call.
         * @param offset of the frame.
         * @param length of the frame.
         */
        void onRecord(String key, DirectBuffer buffer, int offset, int length);
    }

    /**
     * @param key    record key.
     * @param buffer frame.
     * @param offset of the frame.
     * @param length of the frame.
     */
    void put(String key, DirectBuffer buffer, int offset, int length);

    /**
     * @param key record key; absent keys are ignored.
     */
    void remove(String key);

    /**
     * Hands every record to the consumer, in no particular order.
     *
     * @param consumer receives the records.
     */
    void forEach(RecordConsumer consumer);

    /**
     * @return how many records are stored.
     */
    long size();

    void close();
}
