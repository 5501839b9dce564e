package io.concord.server.store;

/**
 * Layout of the write requests a shard hands the bridge through its one-to-one ring. Every request starts with the
 * same header; appends carry the {@code MessageCreated} frame, edits the new UTF-8 content.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Token (shard's, echoed)                   |
 *  +                                                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Channel Id                          |
 *  +                                                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Message Id                          |
 *  +                                                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Author Id (required author, 0 = anyone)          |
 *  +                                                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Edited At (epoch ms, edits)                |
 *  +                                                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Accepted At (nanoTime)                    |
 *  +                                                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Payload (frame or content) ...                  ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class BridgeRequestDescriptor
{
    static final int APPEND_MSG_TYPE_ID = 1;
    static final int EDIT_MSG_TYPE_ID = 2;
    static final int DELETE_MSG_TYPE_ID = 3;

    static final int TOKEN_OFFSET = 0;
    static final int CHANNEL_ID_OFFSET = 8;
    static final int MESSAGE_ID_OFFSET = 16;
    static final int AUTHOR_ID_OFFSET = 24;
    static final int EDITED_AT_OFFSET = 32;
    static final int ACCEPTED_AT_NS_OFFSET = 40;
    static final int PAYLOAD_OFFSET = 48;

    private BridgeRequestDescriptor()
    {
    }
}
