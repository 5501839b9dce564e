package io.concord.edge.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Salted PBKDF2-HMAC-SHA512 password hashes (the JDK's implementation), encoded as
 * {@code $pbkdf2-sha512$i=<iterations>$<salt b64>$<hash b64>}. The iteration count travels in the hash, so raising
 * the configured count later still verifies older hashes.
 * <p>
 * Hashing costs milliseconds of CPU by design: call it from a worker thread, never from an event loop or a shard.
 * Thread-safe.
 */
public final class PasswordHasher
{
    /**
     * OWASP's recommendation for PBKDF2-HMAC-SHA512.
     */
    public static final int DEFAULT_ITERATIONS = 210_000;

    private static final String PREFIX = "$pbkdf2-sha512$i=";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA512";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 512;
    private static final int MIN_ITERATIONS = 1_000;
    private static final int MAX_ITERATIONS = 10_000_000;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param iterations PBKDF2 iterations for new hashes.
     */
    public PasswordHasher(final int iterations)
    {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS)
        {
            throw new IllegalArgumentException(
                "PBKDF2 iterations must be " + MIN_ITERATIONS + ".." + MAX_ITERATIONS + ", was " + iterations);
        }
        this.iterations = iterations;
    }

    /**
     * @param password the password.
     * @return the encoded salted hash.
     */
    public String hash(final String password)
    {
        final byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        final Base64.Encoder encoder = Base64.getEncoder().withoutPadding();
        return PREFIX + iterations + "$" + encoder.encodeToString(salt) + "$" +
            encoder.encodeToString(derive(password, salt, iterations));
    }

    /**
     * @param password candidate password.
     * @param encoded  a hash made by {@link #hash(String)}.
     * @return true when the password matches; false for a wrong password or an unreadable hash.
     */
    public boolean verify(final String password, final String encoded)
    {
        if (null == encoded || !encoded.startsWith(PREFIX))
        {
            return false;
        }
        final String[] parts = encoded.substring(PREFIX.length()).split("\\$");
        if (parts.length != 3)
        {
            return false;
        }
        try
        {
            final int encodedIterations = Integer.parseInt(parts[0]);
            if (encodedIterations < MIN_ITERATIONS || encodedIterations > MAX_ITERATIONS)
            {
                return false;
            }
            final Base64.Decoder decoder = Base64.getDecoder();
            final byte[] salt = decoder.decode(parts[1]);
            final byte[] expected = decoder.decode(parts[2]);
            return MessageDigest.isEqual(expected, derive(password, salt, encodedIterations));
        }
        catch (final IllegalArgumentException unreadableHash)
        {
            return false;
        }
    }

    private static byte[] derive(final String password, final byte[] salt, final int iterations)
    {
        final PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try
        {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("JDK lacks " + ALGORITHM, ex);
        }
        finally
        {
            spec.clearPassword();
        }
    }

    /**
     * Makes sure a password hash input is sane before spending CPU on it.
     *
     * @param password the password.
     * @return true when it is 8..128 characters and at most 512 UTF-8 bytes.
     */
    public static boolean acceptable(final String password)
    {
        return null != password && password.length() >= 8 && password.length() <= 128 &&
            password.getBytes(StandardCharsets.UTF_8).length <= 512;
    }
}
