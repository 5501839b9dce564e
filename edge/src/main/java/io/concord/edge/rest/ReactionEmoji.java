package io.concord.edge.rest;

import java.nio.charset.StandardCharsets;

/**
 * The emoji of a reaction route's path segment ({@code /reactions/{emoji}}, already URL-decoded): a unicode emoji
 * sequence, or Discord's custom form {@code name:id}. Concord has no custom (guild) emojis, so every custom form is
 * an unknown emoji (Discord's 10014), as is text that is not an emoji.
 * <p>
 * A unicode emoji is accepted when every code point is pictographic (the emoji blocks of the Supplementary
 * Multilingual Plane, Miscellaneous Symbols, Dingbats, arrows, geometric shapes and the few Latin-1/letterlike
 * emoji), a joiner or modifier (ZWJ, variation selectors, skin tones, tag characters), or a keycap
 * ({@code 0-9 # *} followed by U+20E3), with at least one pictograph or keycap, in at most 64 UTF-8 bytes. This is
 * a close approximation of Discord's list, which Concord does not ship. Stateless; any thread.
 */
public final class ReactionEmoji
{
    /**
     * Longest emoji accepted, in UTF-8 bytes (the longest ZWJ sequences are about 35).
     */
    public static final int MAX_UTF8_BYTES = 64;

    private static final int ZWJ = 0x200D;
    private static final int KEYCAP = 0x20E3;

    private ReactionEmoji()
    {
    }

    /**
     * @param segment the decoded path segment.
     * @return the emoji to store (the segment itself), or null when it names no emoji Concord knows.
     */
    public static String parse(final String segment)
    {
        if (null == segment || segment.isEmpty() || segment.indexOf(':') >= 0 ||
            segment.getBytes(StandardCharsets.UTF_8).length > MAX_UTF8_BYTES)
        {
            return null;
        }
        boolean hasBase = false;
        for (int i = 0; i < segment.length(); )
        {
            final int codePoint = segment.codePointAt(i);
            final int next = i + Character.charCount(codePoint);
            if (isKeycapBase(codePoint))
            {
                final int after = skipVariationSelector(segment, next);
                if (after >= segment.length() || segment.codePointAt(after) != KEYCAP)
                {
                    return null;
                }
                hasBase = true;
                i = after + 1;
                continue;
            }
            if (isPictograph(codePoint))
            {
                hasBase = true;
            }
            else if (!isModifier(codePoint))
            {
                return null;
            }
            i = next;
        }
        return hasBase ? segment : null;
    }

    private static int skipVariationSelector(final String text, final int index)
    {
        return index < text.length() && text.charAt(index) == '\uFE0F' ? index + 1 : index;
    }

    private static boolean isKeycapBase(final int codePoint)
    {
        return (codePoint >= '0' && codePoint <= '9') || codePoint == '#' || codePoint == '*';
    }

    private static boolean isModifier(final int codePoint)
    {
        return codePoint == ZWJ || codePoint == 0xFE0F || codePoint == 0xFE0E ||
            (codePoint >= 0x1F3FB && codePoint <= 0x1F3FF) || (codePoint >= 0xE0020 && codePoint <= 0xE007F);
    }

    private static boolean isPictograph(final int codePoint)
    {
        if (codePoint >= 0x1F000 && codePoint <= 0x1FAFF)
        {
            return codePoint < 0x1F3FB || codePoint > 0x1F3FF;
        }
        return (codePoint >= 0x2600 && codePoint <= 0x27BF) ||
            (codePoint >= 0x2300 && codePoint <= 0x23FF) ||
            (codePoint >= 0x2B00 && codePoint <= 0x2BFF) ||
            (codePoint >= 0x2190 && codePoint <= 0x21FF) ||
            (codePoint >= 0x2934 && codePoint <= 0x2935) ||
            (codePoint >= 0x25A0 && codePoint <= 0x25FF) ||
            codePoint == 0x00A9 || codePoint == 0x00AE || codePoint == 0x203C || codePoint == 0x2049 ||
            codePoint == 0x2122 || codePoint == 0x2139 || codePoint == 0x24C2 || codePoint == 0x3030 ||
            codePoint == 0x303D || codePoint == 0x3297 || codePoint == 0x3299;
    }
}
