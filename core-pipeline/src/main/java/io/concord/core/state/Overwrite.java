package io.concord.core.state;

/**
 * A channel permission overwrite for a role ({@link #ROLE}) or a member ({@link #MEMBER}). Owned by its channel.
 */
public final class Overwrite
{
    public static final int ROLE = 0;
    public static final int MEMBER = 1;

    private final long targetId;
    private final int kind;
    private long allow;
    private long deny;

    /**
     * @param targetId role or user id.
     * @param kind     {@link #ROLE} or {@link #MEMBER}.
     * @param allow    allowed bits.
     * @param deny     denied bits.
     */
    public Overwrite(final long targetId, final int kind, final long allow, final long deny)
    {
        this.targetId = targetId;
        this.kind = kind;
        this.allow = allow;
        this.deny = deny;
    }

    public long targetId()
    {
        return targetId;
    }

    public int kind()
    {
        return kind;
    }

    public long allow()
    {
        return allow;
    }

    public long deny()
    {
        return deny;
    }

    /**
     * @param allow allowed bits.
     * @param deny  denied bits.
     */
    public void set(final long allow, final long deny)
    {
        this.allow = allow;
        this.deny = deny;
    }
}
