package io.concord.core.state;

/**
 * Login data held by the account shard of a username: the user's id and the opaque salted password hash the edge
 * computed (the core never hashes: PBKDF2 takes milliseconds).
 *
 * @param username     login name as registered.
 * @param userId       user id.
 * @param passwordHash opaque hash string.
 */
public record Account(String username, long userId, String passwordHash)
{
}
