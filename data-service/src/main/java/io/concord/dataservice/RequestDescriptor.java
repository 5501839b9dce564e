package io.concord.dataservice;

/**
 * Layout of the messages on the request ring (core threads to the data service agent). Message type ids tell a
 * history request from a cancellation.
 * <pre>
 *   0: correlation id (long)   8: channel id (long)   16: anchor id (long)
 *  24: edge id (int)          28: direction (int)     32: limit (int)       36: end
 * </pre>
 * A cancellation of a whole edge uses only the edge id; a cancellation of one request uses the edge and
 * correlation ids.
 */
final class RequestDescriptor
{
    static final int HISTORY_REQUEST_MSG_TYPE_ID = 1;
    static final int CANCEL_EDGE_MSG_TYPE_ID = 2;
    static final int CANCEL_REQUEST_MSG_TYPE_ID = 3;

    static final int CORRELATION_ID_OFFSET = 0;
    static final int CHANNEL_ID_OFFSET = 8;
    static final int ANCHOR_ID_OFFSET = 16;
    static final int EDGE_ID_OFFSET = 24;
    static final int DIRECTION_OFFSET = 28;
    static final int LIMIT_OFFSET = 32;
    static final int LENGTH = 36;

    private RequestDescriptor()
    {
    }
}
