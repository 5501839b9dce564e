package io.concord.server.store;

/**
 * Layout of a message as the LSM store and the data service hold it: the edit time (0 until edited) in front of the
 * {@code MessageCreated} SBE frame the shard encoded (header included). Edits rewrite the whole record, so a read
 * never needs more than the one row.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Edited Timestamp (epoch ms)                 |
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |               MessageCreated frame (SBE, with header)        ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class StoredMessageDescriptor
{
    static final int EDITED_AT_OFFSET = 0;
    static final int FRAME_OFFSET = 8;

    private StoredMessageDescriptor()
    {
    }
}
