package io.concord.storage.sstable;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Bloom filter over partition keys {@code (channel, bucket)}, about 10 bits per key and 7 probes (~1% false
 * positives), using double hashing. Static functions over a buffer of 64-bit words: the writer fills words, the
 * reader probes them where they lie in the mapped file.
 */
public final class BloomFilter
{
    public static final int HASHES = 7;
    public static final int BITS_PER_KEY = 10;

    private BloomFilter()
    {
    }

    /**
     * @param keys number of keys.
     * @return number of 64-bit words to allocate.
     */
    public static int wordsFor(final int keys)
    {
        return Math.max(1, (int)(((long)keys * BITS_PER_KEY + 63) / 64));
    }

    static long hash1(final long channelId, final long bucket)
    {
        return mix(channelId * 0x9E3779B97F4A7C15L + bucket);
    }

    static long mix(final long value)
    {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * Adds a key.
     */
    public static void add(final MutableDirectBuffer words, final int offset, final int wordCount,
        final long channelId, final long bucket)
    {
        final long h1 = hash1(channelId, bucket);
        final long h2 = mix(h1) | 1;
        final long bits = (long)wordCount * 64;
        for (int i = 0; i < HASHES; i++)
        {
            final long bit = Long.remainderUnsigned(h1 + i * h2, bits);
            final int wordOffset = offset + (int)(bit >>> 6) * 8;
            words.putLong(wordOffset, words.getLong(wordOffset) | (1L << (bit & 63)));
        }
    }

    /**
     * @return false when the key is certainly absent.
     */
    public static boolean mayContain(final DirectBuffer words, final int offset, final int wordCount,
        final long channelId, final long bucket)
    {
        final long h1 = hash1(channelId, bucket);
        final long h2 = mix(h1) | 1;
        final long bits = (long)wordCount * 64;
        for (int i = 0; i < HASHES; i++)
        {
            final long bit = Long.remainderUnsigned(h1 + i * h2, bits);
            if (0 == (words.getLong(offset + (int)(bit >>> 6) * 8) & (1L << (bit & 63))))
            {
                return false;
            }
        }
        return true;
    }
}
