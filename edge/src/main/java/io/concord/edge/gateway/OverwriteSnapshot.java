package io.concord.edge.gateway;

/**
 * One permission overwrite of a channel, as Discord's {@code permission_overwrites} entries. Immutable.
 *
 * @param id    role or user id.
 * @param type  0 role, 1 member.
 * @param allow allowed permission bits.
 * @param deny  denied permission bits.
 */
public record OverwriteSnapshot(long id, int type, long allow, long deny)
{
}
