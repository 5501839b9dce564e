package io.concord.edge.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenKeysTest
{
    @Test
    void keyIsCreatedOwnerOnlyOnceAndReused(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("secrets/token.key");
        final byte[] first = TokenKeys.loadOrCreate(file);
        final byte[] second = TokenKeys.loadOrCreate(file);

        assertEquals(TokenCodec.KEY_LENGTH, first.length);
        assertArrayEquals(first, second);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void keyFileOfWrongLengthIsAClearError(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("token.key");
        Files.write(file, new byte[5]);
        final UncheckedIOException ex = assertThrows(UncheckedIOException.class, () -> TokenKeys.loadOrCreate(file));
        assertTrue(ex.getMessage().contains("must hold 32 bytes"), ex.getMessage());
    }
}
