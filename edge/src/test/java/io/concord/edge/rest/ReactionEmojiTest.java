package io.concord.edge.rest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ReactionEmojiTest
{
    @Test
    void acceptsUnicodeEmojiSequences()
    {
        for (final String emoji : new String[]{
            "\uD83D\uDC4D", "\uD83D\uDC4D\uD83C\uDFFD", "\u2764\uFE0F", "\u2B50", "1\uFE0F\u20E3", "#\u20E3",
            "\uD83C\uDDEB\uD83C\uDDF7", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\u00A9\uFE0F" })
        {
            assertEquals(emoji, ReactionEmoji.parse(emoji), emoji);
        }
    }

    @Test
    void rejectsTextCustomFormsAndOversizedInputAsUnknownEmoji()
    {
        for (final String text : new String[]{
            null, "", "a", "thumbsup", "1", "\uFE0F", "\u200D", "\uD83C\uDFFD", "party:123456789012345678",
            "a:party:123456789012345678", "\uD83D\uDC4D ", "<script>", "\uD83D\uDC4D".repeat(17) })
        {
            assertNull(ReactionEmoji.parse(text), String.valueOf(text));
        }
    }
}
