package io.concord.dataservice;

/**
 * Layout of the messages on the write-through ring (message path to the data service agent). The message type id
 * says create, edit, delete or invalidate-channel; delete and invalidate carry no record.
 * <pre>
 *   0: channel id (long)   8: message id (long)   16: record length (int)   20: record bytes ...
 * </pre>
 */
final class WriteDescriptor
{
    static final int CREATE_MSG_TYPE_ID = 1;
    static final int EDIT_MSG_TYPE_ID = 2;
    static final int DELETE_MSG_TYPE_ID = 3;
    static final int INVALIDATE_CHANNEL_MSG_TYPE_ID = 4;

    static final int CHANNEL_ID_OFFSET = 0;
    static final int MESSAGE_ID_OFFSET = 8;
    static final int RECORD_LENGTH_OFFSET = 16;
    static final int RECORD_OFFSET = 20;

    private WriteDescriptor()
    {
    }
}
