package io.concord.storage;

/**
 * Layout of the request records callers write into a shard's request ring (one ring per shard, many producers).
 * <pre>
 *   0                   4                   8
 *   +-------------------+-------------------+
 *   | client id         | value len / mode  |
 *   +-------------------+-------------------+
 *   | correlation id                        |  8
 *   +---------------------------------------+
 *   | channel id                            | 16
 *   +---------------------------------------+
 *   | message id / cursor id                | 24
 *   +---------------------------------------+
 *   | value bytes (write) or limit (read)   | 32
 * </pre>
 * Integers are little endian (Agrona's default byte order).
 */
final class RequestDescriptor
{
    static final int WRITE_MSG_TYPE_ID = 1;
    static final int DELETE_MSG_TYPE_ID = 2;
    static final int READ_MSG_TYPE_ID = 3;

    static final int CLIENT_ID_OFFSET = 0;
    static final int VALUE_LENGTH_OFFSET = 4;
    static final int MODE_OFFSET = 4;
    static final int CORRELATION_ID_OFFSET = 8;
    static final int CHANNEL_ID_OFFSET = 16;
    static final int MESSAGE_ID_OFFSET = 24;
    static final int VALUE_OFFSET = 32;
    static final int LIMIT_OFFSET = 32;

    static final int HEADER_LENGTH = 32;
    static final int READ_LENGTH = 36;

    private RequestDescriptor()
    {
    }
}
