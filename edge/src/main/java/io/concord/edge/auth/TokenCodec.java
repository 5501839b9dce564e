package io.concord.edge.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * Issues and verifies Concord tokens, which have Discord's shape: three base64url parts joined by dots.
 * <pre>
 *   base64url(user id as decimal text) . base64url(generation:int32 BE, issued-at epoch seconds:int32 BE)
 *     . base64url(first 27 bytes of HMAC-SHA256(key, part1 "." part2))
 * </pre>
 * The first part decodes to the user id, as Discord's does, so client libraries that read the bot id from the token
 * work. Any edge holding the key verifies a token without asking the core; the core revokes every token of a user
 * by raising the user's generation, which edges learn and compare against {@link VerifiedToken#generation()}.
 * <p>
 * Not thread-safe (it holds a {@link Mac}): one instance per thread, e.g. per event loop.
 */
public final class TokenCodec
{
    /**
     * Length in bytes of the HMAC key.
     */
    public static final int KEY_LENGTH = 32;

    private static final int SIGNATURE_BYTES = 27;
    private static final int STAMP_BYTES = 8;
    private static final int MAX_TOKEN_CHARS = 128;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Mac mac;
    private final byte[] macOutput;

    /**
     * @param key secret HMAC key of {@link #KEY_LENGTH} bytes, shared by every edge of a deployment.
     */
    public TokenCodec(final byte[] key)
    {
        if (key.length != KEY_LENGTH)
        {
            throw new IllegalArgumentException("token key must be " + KEY_LENGTH + " bytes, was " + key.length);
        }
        try
        {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("JDK lacks " + ALGORITHM, ex);
        }
        macOutput = new byte[mac.getMacLength()];
    }

    /**
     * Issues a token.
     *
     * @param userId           the user's snowflake.
     * @param generation       the user's current token generation.
     * @param issuedAtEpochSec when it is issued.
     * @return the token text.
     */
    public String issue(final long userId, final int generation, final long issuedAtEpochSec)
    {
        final String idPart = ENCODER.encodeToString(Long.toUnsignedString(userId).getBytes(StandardCharsets.US_ASCII));
        final byte[] stamp = new byte[STAMP_BYTES];
        putInt(stamp, 0, generation);
        putInt(stamp, 4, (int)issuedAtEpochSec);
        final String payload = idPart + "." + ENCODER.encodeToString(stamp);
        return payload + "." + ENCODER.encodeToString(sign(payload));
    }

    /**
     * Verifies a token's signature and shape.
     *
     * @param token  token text, without any {@code Bot }/{@code Bearer } prefix.
     * @param result filled when the token is genuine.
     * @return true when the token is genuine; false for anything malformed, forged or truncated.
     */
    public boolean verify(final CharSequence token, final VerifiedToken result)
    {
        if (null == token || token.length() > MAX_TOKEN_CHARS)
        {
            return false;
        }
        final String text = token.toString();
        final int firstDot = text.indexOf('.');
        final int secondDot = firstDot < 0 ? -1 : text.indexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot <= firstDot + 1 || secondDot == text.length() - 1 ||
            text.indexOf('.', secondDot + 1) >= 0)
        {
            return false;
        }

        final byte[] idBytes;
        final byte[] stamp;
        final byte[] signature;
        try
        {
            idBytes = DECODER.decode(text.substring(0, firstDot));
            stamp = DECODER.decode(text.substring(firstDot + 1, secondDot));
            signature = DECODER.decode(text.substring(secondDot + 1));
        }
        catch (final IllegalArgumentException malformedBase64)
        {
            return false;
        }

        if (stamp.length != STAMP_BYTES || signature.length != SIGNATURE_BYTES ||
            !MessageDigest.isEqual(signature, sign(text.substring(0, secondDot))))
        {
            return false;
        }

        final long userId = parseUserId(idBytes);
        if (userId <= 0)
        {
            return false;
        }
        result.set(userId, getInt(stamp, 0), getInt(stamp, 4) & 0xFFFF_FFFFL);
        return true;
    }

    /**
     * Strips the {@code Bot } or {@code Bearer } scheme of an Authorization header; a bare token is returned as is.
     *
     * @param authorization header value, may be null.
     * @return the token, or null when there is none.
     */
    public static String tokenOf(final String authorization)
    {
        if (null == authorization)
        {
            return null;
        }
        final String value = authorization.trim();
        if (value.regionMatches(true, 0, "Bot ", 0, 4))
        {
            return value.substring(4).trim();
        }
        if (value.regionMatches(true, 0, "Bearer ", 0, 7))
        {
            return value.substring(7).trim();
        }
        return value.isEmpty() ? null : value;
    }

    private byte[] sign(final String payload)
    {
        mac.update(payload.getBytes(StandardCharsets.US_ASCII));
        try
        {
            mac.doFinal(macOutput, 0);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
        return Arrays.copyOf(macOutput, SIGNATURE_BYTES);
    }

    private static long parseUserId(final byte[] digits)
    {
        if (digits.length == 0 || digits.length > 20)
        {
            return -1;
        }
        long value = 0;
        for (final byte digit : digits)
        {
            if (digit < '0' || digit > '9')
            {
                return -1;
            }
            final long next = value * 10 + (digit - '0');
            if (next < value)
            {
                return -1;
            }
            value = next;
        }
        return value;
    }

    private static void putInt(final byte[] bytes, final int offset, final int value)
    {
        bytes[offset] = (byte)(value >>> 24);
        bytes[offset + 1] = (byte)(value >>> 16);
        bytes[offset + 2] = (byte)(value >>> 8);
        bytes[offset + 3] = (byte)value;
    }

    private static int getInt(final byte[] bytes, final int offset)
    {
        return ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16) |
            ((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF);
    }
}
