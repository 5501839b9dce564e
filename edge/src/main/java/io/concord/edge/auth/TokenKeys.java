package io.concord.edge.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * Loads the token signing key from a file, creating it (random, owner-only permissions) on first use. Every edge of
 * a deployment must read the same key: on one host they share the data directory; across hosts, copy the file.
 * Called once at start-up.
 */
public final class TokenKeys
{
    private TokenKeys()
    {
    }

    /**
     * @param file the key file, e.g. {@code <data-dir>/secrets/token.key}.
     * @return the {@link TokenCodec#KEY_LENGTH}-byte key.
     * @throws UncheckedIOException when the file cannot be read or created, or has the wrong length.
     */
    public static byte[] loadOrCreate(final Path file)
    {
        try
        {
            if (!Files.exists(file))
            {
                Files.createDirectories(file.toAbsolutePath().getParent());
                final byte[] key = new byte[TokenCodec.KEY_LENGTH];
                new SecureRandom().nextBytes(key);
                final Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "token", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(tmp, key, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
                try
                {
                    Files.move(tmp, file);
                }
                catch (final FileAlreadyExistsException anotherEdgeWonTheRace)
                {
                    Files.delete(tmp);
                }
            }
            final byte[] key = Files.readAllBytes(file);
            if (key.length != TokenCodec.KEY_LENGTH)
            {
                throw new IOException("token key file " + file + " must hold " + TokenCodec.KEY_LENGTH +
                    " bytes, holds " + key.length);
            }
            return key;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot load token key " + file + ": " + ex.getMessage(), ex);
        }
    }
}
