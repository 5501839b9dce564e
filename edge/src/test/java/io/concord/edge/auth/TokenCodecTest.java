package io.concord.edge.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenCodecTest
{
    private static final long USER_ID = 175928847299117063L;
    private static final byte[] KEY = key((byte)7);

    private final TokenCodec codec = new TokenCodec(KEY);
    private final VerifiedToken verified = new VerifiedToken();

    private static byte[] key(final byte fill)
    {
        final byte[] key = new byte[TokenCodec.KEY_LENGTH];
        Arrays.fill(key, fill);
        return key;
    }

    @Test
    void issuedTokenVerifiesAndCarriesUserGenerationAndTime()
    {
        final String token = codec.issue(USER_ID, 3, 1_790_000_000L);

        assertTrue(codec.verify(token, verified));
        assertEquals(USER_ID, verified.userId());
        assertEquals(3, verified.generation());
        assertEquals(1_790_000_000L, verified.issuedAtEpochSec());
    }

    @Test
    void firstPartIsTheUserIdLikeDiscords()
    {
        final String token = codec.issue(USER_ID, 0, 1_790_000_000L);
        final String firstPart = token.substring(0, token.indexOf('.'));
        assertEquals(Long.toString(USER_ID),
            new String(Base64.getUrlDecoder().decode(firstPart), StandardCharsets.US_ASCII));
        assertEquals(3, token.split("\\.").length);
    }

    @Test
    void anotherKeyRejectsIt()
    {
        final String token = new TokenCodec(key((byte)8)).issue(USER_ID, 0, 1_790_000_000L);
        assertFalse(codec.verify(token, verified));
    }

    @Test
    void everyTamperedCharacterIsRejected()
    {
        final String token = codec.issue(USER_ID, 1, 1_790_000_000L);
        for (int i = 0; i < token.length(); i++)
        {
            if (token.charAt(i) == '.')
            {
                continue;
            }
            final char replacement = token.charAt(i) == 'A' ? 'B' : 'A';
            final String tampered = token.substring(0, i) + replacement + token.substring(i + 1);
            assertFalse(codec.verify(tampered, verified), "accepted tampered token at index " + i);
        }
    }

    @Test
    void forgedUserWithReusedSignatureIsRejected()
    {
        final String token = codec.issue(USER_ID, 1, 1_790_000_000L);
        final String otherId = Base64.getUrlEncoder().withoutPadding()
            .encodeToString(Long.toString(USER_ID + 1).getBytes(StandardCharsets.US_ASCII));
        assertFalse(codec.verify(otherId + token.substring(token.indexOf('.')), verified));
    }

    @Test
    void malformedTokensAreRejectedWithoutExceptions()
    {
        final String token = codec.issue(USER_ID, 1, 1_790_000_000L);
        for (final String bad : new String[]{
            null, "", ".", "..", "a.b.c", token + ".x", token.substring(0, token.length() - 2), "!!!.???.***",
            token.replace('.', ','), "x".repeat(10_000), token.substring(0, token.lastIndexOf('.') + 1) })
        {
            assertFalse(codec.verify(bad, verified), "accepted " + bad);
        }
    }

    @Test
    void nonNumericUserIdIsRejectedEvenIfSigned()
    {
        final TokenCodec sameKey = new TokenCodec(KEY);
        final String token = sameKey.issue(USER_ID, 0, 1L);
        final String[] parts = token.split("\\.");
        assertTrue(sameKey.verify(parts[0] + "." + parts[1] + "." + parts[2], verified));
        assertFalse(sameKey.verify("YWJj." + parts[1] + "." + parts[2], verified));
    }

    @Test
    void authorizationSchemesAreStripped()
    {
        assertEquals("abc.def.ghi", TokenCodec.tokenOf("Bot abc.def.ghi"));
        assertEquals("abc.def.ghi", TokenCodec.tokenOf("bearer abc.def.ghi"));
        assertEquals("abc.def.ghi", TokenCodec.tokenOf("  abc.def.ghi "));
        assertNull(TokenCodec.tokenOf(null));
        assertNull(TokenCodec.tokenOf("   "));
    }

    @Test
    void keyOfWrongLengthIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new TokenCodec(new byte[16]));
    }
}
