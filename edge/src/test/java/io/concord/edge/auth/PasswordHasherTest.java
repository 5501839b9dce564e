package io.concord.edge.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest
{
    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void rightPasswordVerifiesWrongOneDoesNot()
    {
        final String hash = hasher.hash("correct horse battery staple");
        assertTrue(hash.startsWith("$pbkdf2-sha512$i=1000$"));
        assertTrue(hasher.verify("correct horse battery staple", hash));
        assertFalse(hasher.verify("correct horse battery stapler", hash));
    }

    @Test
    void saltMakesEveryHashDifferent()
    {
        assertNotEquals(hasher.hash("same password"), hasher.hash("same password"));
    }

    @Test
    void hashesMadeWithOtherIterationCountsStillVerify()
    {
        final String older = new PasswordHasher(2_000).hash("password123");
        assertTrue(hasher.verify("password123", older));
    }

    @Test
    void unreadableHashesAreRejectedWithoutExceptions()
    {
        for (final String bad : new String[]{
            null, "", "plain", "$pbkdf2-sha512$i=abc$x$y", "$pbkdf2-sha512$i=1000$!!$??", "$pbkdf2-sha512$i=5$AA$AA",
            "$pbkdf2-sha512$i=1000$AAAA" })
        {
            assertFalse(hasher.verify("password123", bad), "accepted " + bad);
        }
    }

    @Test
    void passwordLimits()
    {
        assertFalse(PasswordHasher.acceptable(null));
        assertFalse(PasswordHasher.acceptable("short"));
        assertTrue(PasswordHasher.acceptable("long enough"));
        assertFalse(PasswordHasher.acceptable("x".repeat(129)));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(10));
    }
}
